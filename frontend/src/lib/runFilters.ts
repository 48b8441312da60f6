// The runs list's filters, kept in the page URL and turned into the API's query string.

export interface RunFilters {
  workflow: string;
  status: string;
  search: string;
  page: number;
}

export const RUNS_PAGE_SIZE = 25;

export const RUN_STATUSES = ['queued', 'running', 'retry_wait', 'succeeded', 'failed', 'cancelled'] as const;

export const EMPTY_FILTERS: RunFilters = { workflow: '', status: '', search: '', page: 1 };

function positiveInt(raw: string | null): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : 1;
}

export function filtersFromParams(params: URLSearchParams): RunFilters {
  return {
    workflow: params.get('workflow') ?? '',
    status: params.get('status') ?? '',
    search: params.get('search') ?? '',
    page: positiveInt(params.get('page')),
  };
}

/** The page URL's search params: only what is set, so a plain /runs stays plain. */
export function filtersToParams(filters: RunFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.workflow) params.set('workflow', filters.workflow);
  if (filters.status) params.set('status', filters.status);
  const search = filters.search.trim();
  if (search) params.set('search', search);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** The query string for GET /api/v1/runs/ (limit/offset pagination), starting with '?'. */
export function runsApiQuery(filters: RunFilters, pageSize: number = RUNS_PAGE_SIZE): string {
  const params = filtersToParams({ ...filters, page: 1 });
  params.set('limit', String(pageSize));
  params.set('offset', String((Math.max(1, filters.page) - 1) * pageSize));
  return `?${params.toString()}`;
}

export function pageCount(total: number, pageSize: number = RUNS_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
