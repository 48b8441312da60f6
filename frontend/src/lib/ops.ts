// Pure helpers of the operations console: dead-letter group keys, confirmation sentences,
// what an incident's affected runs are, and formatting of rates.
import type { AlertIncident, AlertRule, DeadLetterGroup, GroupKey, StatsPoint } from '../api/ops';

export function groupKey(group: DeadLetterGroup): GroupKey {
  return { workflow: group.workflowId, nodeId: group.nodeId, code: group.code, field: group.field };
}

/** A stable id for a group, for React keys and the URL. */
export function groupId(group: DeadLetterGroup): string {
  return [group.workflowId, group.nodeId, group.code, group.field].join('|');
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export type GroupAction = 'retry-one' | 'retry-all' | 'discard-all' | 'discard-one';

/** What the confirmation says: how many runs the action touches, in plain words. */
export function confirmationText(action: GroupAction, count: number): string {
  switch (action) {
    case 'retry-one':
      return 'Retry this 1 run with the input below? It resumes at the failing step.';
    case 'discard-one':
      return 'Discard this 1 run? It will never be retried.';
    case 'retry-all':
      return `Retry all ${plural(count, 'run')} in this group? Each resumes at its failing step.`;
    case 'discard-all':
      return `Discard all ${plural(count, 'run')} in this group? They will never be retried.`;
  }
}

/** Summing groups for the header: how many runs are parked and how many causes. */
export function groupTotals(groups: DeadLetterGroup[]): { runs: number; causes: number } {
  return { runs: groups.reduce((sum, g) => sum + g.count, 0), causes: groups.length };
}

/** Failed and dead-lettered runs of a point: what a "failure spike" is drawn from. */
export function failuresOf(point: StatsPoint): number {
  return point.failed + point.dead_lettered;
}

export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  const value = rate * 100;
  return `${value >= 99.95 || value === 0 ? value.toFixed(0) : value.toFixed(1)}%`;
}

export function milliseconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

const FAILURE_KINDS = new Set(['failure_rate', 'dead_letters']);
const STUCK_STATUSES = 'queued,running,retry_wait';

/**
 * The runs list (query string for /runs) behind an incident: failures in the rule's window for
 * failure rules, runs still unfinished for stuck-run rules, the workflow's runs otherwise.
 */
export function affectedRunsQuery(incident: AlertIncident, rule: AlertRule | undefined): string | null {
  const params = new URLSearchParams();
  const workflow = incident.workflow ?? rule?.workflow ?? null;
  if (workflow) params.set('workflow', workflow);
  const minutes = rule?.minutes ?? 0;
  const opened = Date.parse(incident.openedAt);
  if (FAILURE_KINDS.has(incident.kind)) {
    // Once resolved, the failed runs have usually been retried: show every run of the window.
    if (!incident.resolvedAt) params.set('status', 'failed');
    if (Number.isFinite(opened)) params.set('since', new Date(opened - minutes * 60_000).toISOString());
    if (incident.resolvedAt) params.set('until', incident.resolvedAt);
  } else if (incident.kind === 'stuck_run') {
    params.set('status', STUCK_STATUSES);
    if (Number.isFinite(opened)) params.set('until', new Date(opened - minutes * 60_000).toISOString());
  } else if (incident.kind === 'connection_down') {
    return null;
  }
  return params.toString();
}

export const RULE_KINDS: { kind: AlertRule['kind']; label: string; help: string }[] = [
  { kind: 'failure_rate', label: 'Failure rate', help: 'Failed runs above X% over N minutes' },
  { kind: 'dead_letters', label: 'Dead letters', help: 'More than N runs failed or parked in N minutes' },
  { kind: 'silence', label: 'Silent source', help: 'No event for N minutes during business hours' },
  { kind: 'stuck_run', label: 'Stuck run', help: 'More than N runs older than N minutes not finished' },
  { kind: 'connection_down', label: 'Connection down', help: 'A connection fails its health check' },
];

export function ruleKindLabel(kind: string): string {
  return RULE_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/** One sentence describing when a rule fires. */
export function describeRule(rule: Pick<AlertRule, 'kind' | 'threshold' | 'minutes' | 'minRuns'>): string {
  switch (rule.kind) {
    case 'failure_rate':
      return `Failure rate above ${rule.threshold}% over ${rule.minutes} min (at least ${plural(rule.minRuns, 'run')})`;
    case 'dead_letters':
      return `More than ${plural(rule.threshold, 'failed run')} in ${rule.minutes} min`;
    case 'silence':
      return `No event for ${rule.minutes} min during business hours`;
    case 'stuck_run':
      return `More than ${plural(rule.threshold, 'run')} unfinished after ${rule.minutes} min`;
    case 'connection_down':
      return 'A connection fails its health check';
  }
}
