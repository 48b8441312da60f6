// Shapes of the Ferry REST API (/api/v1/), as agreed in the interfaces notes. Keys are camelCase.

export interface User {
  id: number | string;
  username: string;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export type RunStatus = 'queued' | 'running' | 'retry_wait' | 'succeeded' | 'failed' | 'cancelled';

export type RunMode = 'webhook' | 'manual' | 'schedule' | 'poll' | 'test' | 'replay' | 'subworkflow';

export interface LastRun {
  id: string;
  status: string;
  createdAt: string;
}

export interface Workflow {
  id: string;
  name: string;
  description: string;
  activeVersion: number | null;
  latestVersion: number | null;
  paused: boolean;
  hookUrl: string;
  createdAt: string;
  updatedAt: string;
  lastRun: LastRun | null;
}

/** A node failure as the engine records it (NodeError.to_json(), plus the node on runs). */
export interface NodeFailure {
  code?: string;
  message?: string;
  field?: string | null;
  retryable?: boolean;
  errorClass?: string;
  details?: unknown;
  nodeId?: string;
}

export interface Run {
  id: string;
  workflowId: string;
  workflowName: string;
  versionNumber: number | null;
  status: string;
  mode: string;
  businessKey: string;
  /** The run that started this one: a poll handing over its records, or a workflow call. */
  parentRunId?: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: NodeFailure | null;
}

export interface Step {
  id: number | string;
  nodeId: string;
  nodeName: string;
  nodeType: string;
  attempt: number;
  status: string;
  inputs: unknown;
  outputs: unknown;
  error: NodeFailure | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface RunDetail extends Run {
  input: unknown;
  steps: Step[];
  /** How many runs this one started (one per record of a poll, or workflow calls). */
  startedRuns?: number;
}

/** One event relayed by ws/runs/<id>/. */
export interface RunEvent {
  type: 'run.started' | 'step.started' | 'step.finished' | 'run.finished' | string;
  runId?: string;
  workflowId?: string;
  nodeId?: string | null;
  stepId?: number | string | null;
  attempt?: number | null;
  status?: string | null;
  at?: string;
  error?: NodeFailure | null;
  /** On run.started and run.finished: how the run was started, and its business key ('' for none). */
  mode?: RunMode | string;
  businessKey?: string;
}
