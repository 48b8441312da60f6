// The runs list's filters, kept in the page URL and turned into the API's query string.

export interface RunFilters {
  workflow: string;
  status: string;
  search: string;
  page: number;
  /** The error's class (validation, not_found, …); only failed runs have one. */
  errorClass?: string;
  /** ISO date-times bounding when the runs were created. */
  since?: string;
  until?: string;
  /** Only the runs this run started (a poll's records). */
  parent?: string;
}

export const ERROR_CLASSES = ['connection', 'auth', 'validation', 'not_found', 'conflict', 'timeout', 'bug'] as const;

/** Relative time ranges offered next to the exact since/until fields, in minutes. */
export const TIME_RANGES: { label: string; minutes: number }[] = [
  { label: 'Last hour', minutes: 60 },
  { label: 'Last 24 hours', minutes: 24 * 60 },
  { label: 'Last 7 days', minutes: 7 * 24 * 60 },
];

export function sinceMinutesAgo(minutes: number, now: number = Date.now()): string {
  return new Date(now - minutes * 60_000).toISOString();
}

/** Statuses the runs API knows; links from alerts may say "dead_lettered", which is a failed run. */
export function apiStatuses(status: string): string {
  const known = new Set<string>(RUN_STATUSES);
  const wanted = status
    .split(',')
    .map((s) => (s.trim() === 'dead_lettered' ? 'failed' : s.trim()))
    .filter((s) => known.has(s));
  return [...new Set(wanted)].join(',');
}

export const RUNS_PAGE_SIZE = 25;

export const RUN_STATUSES = [
  'queued',
  'running',
  'retry_wait',
  'succeeded',
  'failed',
  'cancelled',
  'superseded',
] as const;

export const EMPTY_FILTERS: RunFilters = { workflow: '', status: '', search: '', page: 1 };

function positiveInt(raw: string | null): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : 1;
}

export function filtersFromParams(params: URLSearchParams): RunFilters {
  const filters: RunFilters = {
    workflow: params.get('workflow') ?? '',
    status: params.get('status') ?? '',
    search: params.get('search') ?? '',
    page: positiveInt(params.get('page')),
  };
  for (const name of ['errorClass', 'since', 'until', 'parent'] as const) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

/** The page URL's search params: only what is set, so a plain /runs stays plain. */
export function filtersToParams(filters: RunFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.workflow) params.set('workflow', filters.workflow);
  if (filters.status) params.set('status', filters.status);
  const search = filters.search.trim();
  if (search) params.set('search', search);
  if (filters.errorClass) params.set('errorClass', filters.errorClass);
  if (filters.since) params.set('since', filters.since);
  if (filters.until) params.set('until', filters.until);
  if (filters.parent) params.set('parent', filters.parent);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** The query string for GET /api/v1/runs/ (limit/offset pagination), starting with '?'. */
export function runsApiQuery(filters: RunFilters, pageSize: number = RUNS_PAGE_SIZE): string {
  const params = filtersToParams({ ...filters, page: 1 });
  if (filters.status) {
    const statuses = apiStatuses(filters.status);
    if (statuses) params.set('status', statuses);
    else params.delete('status');
  }
  params.set('limit', String(pageSize));
  params.set('offset', String((Math.max(1, filters.page) - 1) * pageSize));
  return `?${params.toString()}`;
}

export function pageCount(total: number, pageSize: number = RUNS_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
