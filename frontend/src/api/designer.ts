// The designer's REST calls and shapes: node types, versions, deploy, test runs, connections, expressions.
import { apiFetch } from './client';
import type { NodeFailure, Page, RunDetail, Step, Workflow } from './types';
import type { WorkflowDocument } from '../lib/workflowDocument';

const BASE = '/api/v1';

export interface PortSpec {
  name: string;
  displayName: string;
  dataType: string;
  isError: boolean;
}

export type UiHints = Record<string, Record<string, unknown>>;

export interface NodeSpec {
  typeId: string;
  version: number;
  displayName: string;
  description: string;
  category: string;
  icon: string;
  kind: 'trigger' | 'action' | 'logic' | string;
  configSchema: Record<string, unknown>;
  ui: UiHints;
  inputs: PortSpec[];
  outputs: PortSpec[];
  credentialType: string | null;
  expressionFields?: string[];
  retry?: Record<string, unknown>;
  timeoutSeconds?: number;
  sideEffects?: string;
}

export interface CredentialTypeSpec {
  typeId: string;
  displayName: string;
  fieldsSchema: Record<string, unknown>;
  secretFields: string[];
}

export interface Connection {
  id: string;
  name: string;
  credentialType: string;
  fields: Record<string, unknown>;
  secretsSet: Record<string, boolean>;
}

export interface WorkflowVersion {
  id: string | number;
  number: number;
  document: WorkflowDocument;
  contentHash: string;
  message: string;
  createdAt: string;
  createdBy: string | null;
}

export interface TestRunResult {
  status: string;
  output: unknown;
  error: NodeFailure | null;
  steps: Step[];
  runId?: string;
}

export interface TestRunRequest {
  payload: unknown;
  document: WorkflowDocument;
  stopAfter?: string;
  pinned?: Record<string, unknown>;
}

export const nodeTypes = (signal?: AbortSignal) => apiFetch<NodeSpec[]>(`${BASE}/node-types/`, { signal });
export const credentialTypes = (signal?: AbortSignal) =>
  apiFetch<CredentialTypeSpec[]>(`${BASE}/credential-types/`, { signal });

export async function listConnections(): Promise<Connection[]> {
  const answer = await apiFetch<Page<Connection> | Connection[]>(`${BASE}/connections/?limit=200`);
  return Array.isArray(answer) ? answer : answer.results;
}

export const createConnection = (body: { name: string; credentialType: string; fields: Record<string, unknown> }) =>
  apiFetch<Connection>(`${BASE}/connections/`, { method: 'POST', body });

export const getWorkflow = (id: string, signal?: AbortSignal) =>
  apiFetch<Workflow>(`${BASE}/workflows/${encodeURIComponent(id)}/`, { signal });

export const createWorkflow = (body: { name: string; description?: string; document?: WorkflowDocument }) =>
  apiFetch<Workflow>(`${BASE}/workflows/`, { method: 'POST', body });

export async function listVersions(workflowId: string): Promise<WorkflowVersion[]> {
  const answer = await apiFetch<Page<WorkflowVersion> | WorkflowVersion[]>(
    `${BASE}/workflows/${encodeURIComponent(workflowId)}/versions/`,
  );
  return Array.isArray(answer) ? answer : answer.results;
}

export const getVersion = (workflowId: string, number: number) =>
  apiFetch<WorkflowVersion>(`${BASE}/workflows/${encodeURIComponent(workflowId)}/versions/${number}/`);

/**
 * Saves a new version. `ifMatch` is the content hash of the version the edit started from: the server
 * answers 412 when another save (even the same person's, in another tab) came in between.
 */
export const saveVersion = (
  workflowId: string,
  body: { document: WorkflowDocument; message?: string; baseVersion?: number | null },
  ifMatch?: string | null,
) =>
  apiFetch<WorkflowVersion>(`${BASE}/workflows/${encodeURIComponent(workflowId)}/versions/`, {
    method: 'POST',
    body,
    headers: ifMatch ? { 'If-Match': `"${ifMatch}"` } : undefined,
  });

export const deployVersion = (workflowId: string, version: number) =>
  apiFetch<Workflow>(`${BASE}/workflows/${encodeURIComponent(workflowId)}/deploy`, {
    method: 'POST',
    body: { version },
  });

export const testRun = (workflowId: string, body: TestRunRequest) =>
  apiFetch<TestRunResult>(`${BASE}/workflows/${encodeURIComponent(workflowId)}/test-run`, {
    method: 'POST',
    body,
  });

export const recentRuns = (workflowId: string) =>
  apiFetch<Page<{ id: string; status: string; mode: string; businessKey: string; createdAt: string }>>(
    `${BASE}/runs/?workflow=${encodeURIComponent(workflowId)}&limit=10`,
  );

export const runDetail = (runId: string) => apiFetch<RunDetail>(`${BASE}/runs/${encodeURIComponent(runId)}/`);

export const evaluateExpression = (expression: string, data: unknown, signal?: AbortSignal) =>
  apiFetch<{ result: unknown }>(`${BASE}/expressions/evaluate`, {
    method: 'POST',
    body: { expression, data },
    signal,
  });
