// One typed function per REST endpoint the screens use.
import { apiFetch, readCookie } from './client';
import type { Page, RunDetail, Run, User, Workflow } from './types';

const BASE = '/api/v1';

/**
 * Django serves the app with the CSRF cookie already set; pages served otherwise (Vite's dev server)
 * ask for it first, because login is CSRF-protected too.
 */
export async function login(username: string, password: string): Promise<User> {
  if (!readCookie('csrftoken')) {
    await apiFetch<unknown>(`${BASE}/auth/csrf`, { redirectOnAuthError: false }).catch(() => undefined);
  }
  return apiFetch<User>(`${BASE}/auth/login`, {
    method: 'POST',
    body: { username, password },
    redirectOnAuthError: false,
  });
}

export function logout(): Promise<void> {
  return apiFetch<void>(`${BASE}/auth/logout`, { method: 'POST', redirectOnAuthError: false });
}

export function currentUser(signal?: AbortSignal): Promise<User> {
  return apiFetch<User>(`${BASE}/auth/me`, { signal, redirectOnAuthError: false });
}

export function listWorkflows(query: string, signal?: AbortSignal): Promise<Page<Workflow>> {
  return apiFetch<Page<Workflow>>(`${BASE}/workflows/${query}`, { signal });
}

export function listRuns(query: string, signal?: AbortSignal): Promise<Page<Run>> {
  return apiFetch<Page<Run>>(`${BASE}/runs/${query}`, { signal });
}

export function getRun(id: string, signal?: AbortSignal): Promise<RunDetail> {
  return apiFetch<RunDetail>(`${BASE}/runs/${encodeURIComponent(id)}/`, { signal });
}
