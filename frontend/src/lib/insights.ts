// Pure helpers of the timeline, customer, reconciliation and tour screens.
import type { TimelineEntry } from '../api/insights';

export type EntryTone = 'success' | 'danger' | 'warning' | 'info' | 'neutral';

const KIND_LABELS: Record<string, string> = {
  'event.received': 'Event in',
  'run.started': 'Run',
  step: 'Step',
  'step.retry': 'Retry',
  'run.succeeded': 'Finished',
  'run.failed': 'Failed',
  'run.retry_wait': 'Waiting to retry',
  'run.cancelled': 'Cancelled',
  'run.superseded': 'Superseded',
  'run.replayed': 'Replay',
  'deadletter.parked': 'Dead letter',
  'binding.recorded': 'Binding',
};

export function entryLabel(kind: string): string {
  if (KIND_LABELS[kind]) return KIND_LABELS[kind];
  if (kind.startsWith('audit.')) return `Audit: ${kind.slice(6).replace(/_/g, ' ')}`;
  return kind;
}

export function entryTone(entry: Pick<TimelineEntry, 'kind' | 'details'>): EntryTone {
  const status = typeof entry.details.status === 'string' ? entry.details.status : '';
  if (entry.kind === 'deadletter.parked' || entry.kind === 'run.failed' || status === 'failed') return 'danger';
  if (entry.kind === 'step.retry' || entry.kind === 'run.retry_wait' || status === 'retry_wait') return 'warning';
  if (entry.kind === 'run.succeeded' || entry.kind === 'binding.recorded') return 'success';
  if (entry.kind === 'event.received' || entry.kind === 'run.started') return 'info';
  return 'neutral';
}

/** Entries grouped by calendar day (UTC), keeping their order. */
export function groupByDay(entries: TimelineEntry[]): { day: string; entries: TimelineEntry[] }[] {
  const groups: { day: string; entries: TimelineEntry[] }[] = [];
  for (const entry of entries) {
    const day = entry.at ? entry.at.slice(0, 10) : 'unknown';
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.entries.push(entry);
    else groups.push({ day, entries: [entry] });
  }
  return groups;
}

export const MISMATCH_LABELS: Record<string, string> = {
  missing_in_infor: 'Missing in Infor',
  amount_differs: 'Amount differs',
  currency_differs: 'Currency differs',
  shipped_not_invoiced: 'Shipped, not invoiced',
  invoiced_unpaid: 'Invoiced, unpaid',
};

export function mismatchLabel(kind: string): string {
  return MISMATCH_LABELS[kind] ?? kind;
}

/** How many mismatches of each kind, in the labels' order. */
export function countByKind(kinds: string[]): { kind: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const known = Object.keys(MISMATCH_LABELS).filter((k) => counts.has(k));
  const other = [...counts.keys()].filter((k) => !(k in MISMATCH_LABELS)).sort();
  return [...known, ...other].map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));
}

export function formatMoney(value: number, currency = ''): string {
  const text = value.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${text} ${currency}` : text;
}

/** The first and last day of the month before `today`, as YYYY-MM-DD: the report's default period. */
export function defaultPeriod(today: Date): { from: string; to: string } {
  const to = today.toISOString().slice(0, 10);
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 6));
  return { from: start.toISOString().slice(0, 10), to };
}

export const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  address1: 'Address line 1',
  address2: 'Address line 2',
  postalCode: 'Postcode',
  city: 'City',
  country: 'Country',
  phone: 'Phone',
  email: 'E-mail',
  currency: 'Currency',
  status: 'Status',
};

/** Whether a search box's text looks like something the timeline can look up (not a run id). */
export function looksLikeBusinessKey(text: string): boolean {
  const value = text.trim();
  if (!value || value.length > 200) return false;
  return !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export type TourStepId = 'place' | 'arrive' | 'map' | 'infor' | 'ship' | 'tracking';

export interface TourState {
  reference: string | null;
  orderRunStatus: string | null;
  orderNumber: string | null;
  shipRequested: boolean;
  trackingNumber: string;
}

/** Which tour steps are done, from what the tour has seen so far. */
export function tourSteps(state: TourState): Record<TourStepId, boolean> {
  const arrived = state.orderRunStatus !== null;
  const mapped = state.orderRunStatus === 'succeeded' || Boolean(state.orderNumber);
  return {
    place: Boolean(state.reference),
    arrive: arrived,
    map: mapped,
    infor: Boolean(state.orderNumber),
    ship: state.shipRequested,
    tracking: Boolean(state.trackingNumber),
  };
}

/** The first step not done yet, or null when the tour is over. */
export function currentTourStep(state: TourState): TourStepId | null {
  const done = tourSteps(state);
  const order: TourStepId[] = ['place', 'arrive', 'map', 'infor', 'ship', 'tracking'];
  return order.find((id) => !done[id]) ?? null;
}

interface StepLike {
  nodeId: string;
  nodeType: string;
  status: string;
}

/** The step that shows the order being mapped to M3: the `toOrder` map, else the last JSONata map. */
export function mappingStep<T extends StepLike>(steps: T[]): T | null {
  const named = steps.find((s) => s.nodeId === 'toOrder' && s.status === 'succeeded');
  if (named) return named;
  const maps = steps.filter((s) => s.nodeType === 'core.jsonata.map' && s.status === 'succeeded');
  return maps.at(-1) ?? null;
}

/** A JSON preview cut to `limit` characters, for the tour's input/output boxes. */
export function preview(value: unknown, limit = 600): string {
  const text = JSON.stringify(value, null, 2) ?? '';
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** The first item's JSON of a step's inputs or outputs (`{main: [{json}]}`), else the value itself. */
export function firstItem(value: unknown): unknown {
  if (value && typeof value === 'object') {
    const ports = Object.values(value as Record<string, unknown>);
    const items = ports.find((port) => Array.isArray(port) && port.length > 0) as unknown[] | undefined;
    const first = items?.[0];
    if (first && typeof first === 'object' && 'json' in first) return (first as { json: unknown }).json;
  }
  return value;
}

/** The time of day of an ISO instant, for entries already grouped by day. */
export function timeOfDay(iso: string | null): string {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleTimeString('en-GB', { hour12: false });
}
