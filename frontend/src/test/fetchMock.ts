// A fetch stand-in that answers by method and path, and remembers every request.
import { vi } from 'vitest';

export interface Answer {
  status?: number;
  body?: unknown;
  contentType?: string;
}

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export function jsonResponse({ status = 200, body, contentType = 'application/json' }: Answer): Response {
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': contentType } });
}

export function problem(status: number, detail: string, extra: Record<string, unknown> = {}): Answer {
  return {
    status,
    contentType: 'application/problem+json',
    body: { type: 'about:blank', title: 'Problem', status, detail, ...extra },
  };
}

/** `routes` keys are "METHOD /path?query" or "METHOD /path" (any query). */
export function mockFetch(routes: Record<string, Answer | ((request: Recorded) => Answer)>): Recorded[] {
  const calls: Recorded[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      const method = (init.method ?? 'GET').toUpperCase();
      const headers = { ...(init.headers as Record<string, string> | undefined) };
      const request: Recorded = {
        method,
        url,
        headers,
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      calls.push(request);
      const route = routes[`${method} ${url}`] ?? routes[`${method} ${url.split('?')[0]}`];
      if (!route) return jsonResponse({ status: 404, body: { detail: `No mock for ${method} ${url}` } });
      return jsonResponse(typeof route === 'function' ? route(request) : route);
    }),
  );
  return calls;
}
