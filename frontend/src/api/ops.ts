// Shapes and calls of the operations console: statistics, dead letters, replays, alerts,
// connection health and bindings.
import { apiFetch } from './client';
import type { Page, RunDetail, Step } from './types';

const BASE = '/api/v1';

export type StatsWindow = '1h' | '24h' | '7d';

export interface StatsPoint {
  at: string;
  succeeded: number;
  failed: number;
  dead_lettered: number;
  cancelled: number;
  superseded: number;
  total: number;
  runsPerMinute: number;
  /** Latency percentiles of the runs finished in this point; null when none finished. */
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Backlog, retry waits and open dead letters sampled once a minute; null where no sample fell. */
export interface GaugePoint {
  at: string;
  backlog: number | null;
  retryWaits: number | null;
  deadLetters: number | null;
}

export interface StatsOverview {
  window: StatsWindow;
  workflow: string | null;
  from: string;
  to: string;
  bucketMinutes: number;
  series: StatsPoint[];
  totals: Record<string, number> & { finished: number };
  successRate: number | null;
  latencyMs: { p50: number | null; p95: number | null; mean: number | null };
  failed: number;
  backlog: { total: number; queued: number; running: number; retryWait: number; oldestAgeSeconds: number | null };
  retryWaits: number;
  deadLetters: number;
  /** On the same buckets as ``series``, the last sample of each. */
  gauges: GaugePoint[];
}

export function statsOverview(window: StatsWindow, workflow: string, signal?: AbortSignal): Promise<StatsOverview> {
  const params = new URLSearchParams({ window });
  if (workflow) params.set('workflow', workflow);
  return apiFetch<StatsOverview>(`${BASE}/stats/overview?${params.toString()}`, { signal });
}

export interface AuditEntry {
  id: number;
  runId: string;
  deadLetterId: number | null;
  action: string;
  actor: string;
  reason: string;
  details: unknown;
  at: string;
}

export interface DeadLetter {
  id: number;
  runId: string;
  workflowId: string;
  workflowName: string;
  businessKey: string;
  status: string;
  errorClass: string;
  code: string;
  reason: string;
  nodeId: string;
  attempts: number;
  createdAt: string;
  closedAt: string | null;
}

export interface DeadLetterDetail extends DeadLetter {
  input: unknown;
  error: Record<string, unknown> | null;
  audit: AuditEntry[];
}

export interface DeadLetterGroup {
  workflowId: string;
  workflowName: string;
  nodeId: string;
  code: string;
  field: string;
  errorClass: string;
  reason: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  sampleId: number;
}

export interface GroupKey {
  workflow: string;
  nodeId: string;
  code: string;
  field: string;
}

export interface BulkResult {
  count: number;
  runIds: string[];
}

export function deadLetterGroups(query: string, signal?: AbortSignal): Promise<DeadLetterGroup[]> {
  return apiFetch<DeadLetterGroup[]>(`${BASE}/dead-letters/groups${query}`, { signal });
}

export function listDeadLetters(query: string, signal?: AbortSignal): Promise<Page<DeadLetter>> {
  return apiFetch<Page<DeadLetter>>(`${BASE}/dead-letters/${query}`, { signal });
}

export function getDeadLetter(id: number, signal?: AbortSignal): Promise<DeadLetterDetail> {
  return apiFetch<DeadLetterDetail>(`${BASE}/dead-letters/${id}/`, { signal });
}

export function retryDeadLetter(id: number, reason: string, input?: unknown): Promise<DeadLetterDetail> {
  const body: Record<string, unknown> = { reason };
  if (input !== undefined) body.input = input;
  return apiFetch<DeadLetterDetail>(`${BASE}/dead-letters/${id}/retry`, { method: 'POST', body });
}

export function discardDeadLetter(id: number, reason: string): Promise<DeadLetterDetail> {
  return apiFetch<DeadLetterDetail>(`${BASE}/dead-letters/${id}/discard`, { method: 'POST', body: { reason } });
}

export function retryGroup(key: GroupKey, reason: string): Promise<BulkResult> {
  return apiFetch<BulkResult>(`${BASE}/dead-letters/groups/retry`, { method: 'POST', body: { ...key, reason } });
}

export function discardGroup(key: GroupKey, reason: string): Promise<BulkResult> {
  return apiFetch<BulkResult>(`${BASE}/dead-letters/groups/discard`, { method: 'POST', body: { ...key, reason } });
}

export interface ReplayRequest {
  fromNode: string;
  version: 'original' | 'active';
  dryRun: boolean;
  forceNewEffects: boolean;
  reason: string;
}

export interface ReplayResult {
  runId: string;
  versionNumber: number;
  dryRun: boolean;
  status: string | null;
  output: unknown;
  error: Record<string, unknown> | null;
  steps: Step[] | null;
}

export function replayRun(runId: string, request: ReplayRequest): Promise<ReplayResult> {
  return apiFetch<ReplayResult>(`${BASE}/runs/${encodeURIComponent(runId)}/replay`, { method: 'POST', body: request });
}

export interface WorkflowVersion {
  id: number;
  number: number;
  document: {
    nodes: { id: string; type: string; name?: string; position?: { x: number; y: number } }[];
    edges: { id: string; source: string; target: string; sourcePort?: string; targetPort?: string }[];
  };
}

export function getVersion(workflowId: string, number: number, signal?: AbortSignal): Promise<WorkflowVersion> {
  return apiFetch<WorkflowVersion>(`${BASE}/workflows/${workflowId}/versions/${number}/`, { signal });
}

export type { RunDetail };

export type RuleKind = 'failure_rate' | 'dead_letters' | 'silence' | 'stuck_run' | 'connection_down';

export interface AlertRule {
  id: string;
  name: string;
  kind: RuleKind;
  workflow: string | null;
  connection: string | null;
  threshold: number;
  minutes: number;
  minRuns: number;
  businessDays: number[];
  businessStart: string | null;
  businessEnd: string | null;
  timeZone: string;
  cooldownMinutes: number;
  enabled: boolean;
  channels: string[];
  openIncident: { id: string; openedAt: string; lastValue: number; summary: string } | null;
}

export type ChannelKind = 'email' | 'webhook' | 'slack' | 'teams';

export interface AlertChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
  enabled: boolean;
  secretsSet: Record<string, boolean>;
}

export interface AlertIncident {
  id: string;
  ruleId: string;
  ruleName: string;
  kind: RuleKind;
  workflow: string | null;
  openedAt: string;
  resolvedAt: string | null;
  lastValue: number;
  summary: string;
  notified: boolean;
  resolvedNotified: boolean;
  deliveryErrors: { channel: string; at: string; error: string }[];
  url: string;
}

export const listRules = (signal?: AbortSignal) => apiFetch<AlertRule[]>(`${BASE}/alert-rules/`, { signal });
export const getRule = (id: string, signal?: AbortSignal) =>
  apiFetch<AlertRule>(`${BASE}/alert-rules/${id}/`, { signal });
export const saveRule = (rule: Partial<AlertRule>, id?: string) =>
  apiFetch<AlertRule>(id ? `${BASE}/alert-rules/${id}/` : `${BASE}/alert-rules/`, {
    method: id ? 'PATCH' : 'POST',
    body: rule,
  });
export const deleteRule = (id: string) => apiFetch<void>(`${BASE}/alert-rules/${id}/`, { method: 'DELETE' });

export const listChannels = (signal?: AbortSignal) => apiFetch<AlertChannel[]>(`${BASE}/alert-channels/`, { signal });
export const saveChannel = (channel: Partial<AlertChannel>, id?: string) =>
  apiFetch<AlertChannel>(id ? `${BASE}/alert-channels/${id}/` : `${BASE}/alert-channels/`, {
    method: id ? 'PATCH' : 'POST',
    body: channel,
  });
export const deleteChannel = (id: string) => apiFetch<void>(`${BASE}/alert-channels/${id}/`, { method: 'DELETE' });
export const testChannel = (id: string) =>
  apiFetch<{ ok: boolean; message: string }>(`${BASE}/alert-channels/${id}/test`, { method: 'POST' });

export const listIncidents = (query: string, signal?: AbortSignal) =>
  apiFetch<Page<AlertIncident>>(`${BASE}/alert-incidents/${query}`, { signal });
export const getIncident = (id: string, signal?: AbortSignal) =>
  apiFetch<AlertIncident>(`${BASE}/alert-incidents/${id}/`, { signal });

export interface ConnectionHealth {
  connectionId: string;
  name: string;
  paused: boolean;
  lastCheckedAt: string | null;
  lastOk: boolean | null;
  lastError: string;
  lastSuccessAt: string | null;
  calls: {
    total: number;
    failed: number;
    meanMs: number | null;
    lastSucceededAt: string | null;
    lastFailedAt: string | null;
  };
  /** Limits and their use right now; null when the connection has no limit. */
  budget: ConnectionBudget | null;
}

export interface ConnectionBudget {
  maxInFlight: number | null;
  callsPerSecond: number | null;
  inFlight: number;
  /** The spent part of the one-second token bucket (about the calls of the last second). */
  callsLastSecond: number;
}

export interface ConnectionLimits {
  maxInFlight: number | null;
  callsPerSecond: number | null;
}

export const connectionsHealth = (signal?: AbortSignal) =>
  apiFetch<ConnectionHealth[]>(`${BASE}/connections/health`, { signal });
export const checkConnection = (id: string) =>
  apiFetch<ConnectionHealth>(`${BASE}/connections/${id}/check`, { method: 'POST' });
export const setConnectionPaused = (id: string, paused: boolean) =>
  apiFetch<ConnectionHealth>(`${BASE}/connections/${id}/${paused ? 'pause' : 'resume'}`, { method: 'POST' });
export const connectionLimits = (id: string, signal?: AbortSignal) =>
  apiFetch<ConnectionLimits>(`${BASE}/connections/${id}/limits`, { signal });

export interface Binding {
  id: string;
  kind: string;
  scope: string;
  shopId: string;
  inforId: string;
  sourceRunId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UnresolvedEntry {
  id: string;
  kind: string;
  scope: string;
  side: 'shop' | 'infor';
  value: string;
  context: Record<string, unknown>;
  count: number;
  firstSeen: string;
  lastSeen: string;
  runIds: string[];
  resolvedAt: string | null;
  bindingId: string | null;
}

export const BINDING_KINDS = ['order', 'customer', 'product', 'combination', 'address', 'carrier', 'order_state'];

export const listBindings = (query: string, signal?: AbortSignal) =>
  apiFetch<Page<Binding>>(`${BASE}/bindings/${query}`, { signal });
export const createBinding = (binding: { kind: string; scope: string; shopId: string; inforId: string }) =>
  apiFetch<Binding>(`${BASE}/bindings/`, { method: 'POST', body: binding });
export const deleteBinding = (id: string) => apiFetch<void>(`${BASE}/bindings/${id}/`, { method: 'DELETE' });
export const listUnresolved = (query: string, signal?: AbortSignal) =>
  apiFetch<Page<UnresolvedEntry>>(`${BASE}/bindings/unresolved/${query}`, { signal });
export const resolveUnresolved = (id: string, otherId: string) =>
  apiFetch<UnresolvedEntry>(`${BASE}/bindings/unresolved/${id}/resolve`, { method: 'POST', body: { otherId } });
