// The one door to the REST API: adds the CSRF header, decodes JSON and turns failures into ApiError.

export interface ProblemField {
  nodeId?: string | null;
  field?: string;
  message: string;
  code?: string;
}

/** A failed API call. `detail` is always safe and meant to be shown to the user as it is. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly problems: ProblemField[];
  readonly errors: unknown;

  constructor(init: {
    status: number;
    title: string;
    detail: string;
    type?: string;
    problems?: ProblemField[];
    errors?: unknown;
  }) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type ?? 'about:blank';
    this.problems = init.problems ?? [];
    this.errors = init.errors;
  }

  get isAuthError(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readCookie(name: string, cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

type AuthRequiredHandler = () => void;
let onAuthRequired: AuthRequiredHandler | null = null;

/** The app registers here where to send the user when the session is missing or expired. */
export function setAuthRequiredHandler(handler: AuthRequiredHandler | null): void {
  onAuthRequired = handler;
}

function statusText(status: number): string {
  const known: Record<number, string> = {
    400: 'Bad request',
    401: 'Not signed in',
    403: 'Not allowed',
    404: 'Not found',
    409: 'Conflict',
    412: 'Changed meanwhile',
    413: 'Too large',
    429: 'Too many requests',
    500: 'Server error',
    502: 'Bad gateway',
    503: 'Service unavailable',
    504: 'Gateway timeout',
  };
  return known[status] ?? `HTTP ${status}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asProblems(value: unknown): ProblemField[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((p) => ({
    nodeId: typeof p.nodeId === 'string' ? p.nodeId : null,
    field: typeof p.field === 'string' ? p.field : undefined,
    message: typeof p.message === 'string' ? p.message : 'Invalid value.',
    code: typeof p.code === 'string' ? p.code : undefined,
  }));
}

/**
 * Builds the error for a non-2xx response. Problem bodies give their own title and detail; any other
 * body (an HTML error page, a proxy's text) is never shown, only a sentence about the status.
 */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const status = response.status;
  let body: unknown = null;
  const contentType = response.headers.get('Content-Type') ?? '';
  if (contentType.includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (isRecord(body)) {
    const title = typeof body.title === 'string' && body.title ? body.title : statusText(status);
    const detail =
      typeof body.detail === 'string' && body.detail
        ? body.detail
        : status >= 500
          ? 'Ferry hit an unexpected error. Please try again.'
          : `${title}.`;
    return new ApiError({
      status,
      title,
      detail,
      type: typeof body.type === 'string' ? body.type : undefined,
      problems: asProblems(body.problems),
      errors: body.errors,
    });
  }
  const detail =
    status >= 500
      ? `Ferry hit an unexpected error (${status}). Please try again.`
      : `The request failed: ${statusText(status)} (${status}).`;
  return new ApiError({ status, title: statusText(status), detail });
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers (If-Match for conditional saves); they cannot replace the ones set here. */
  headers?: Record<string, string>;
  /** False for calls that handle 401/403 themselves (login, the initial "who am I"). */
  redirectOnAuthError?: boolean;
}

export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE_METHODS.has(method)) {
    const token = readCookie('csrftoken');
    if (token) headers['X-CSRFToken'] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      status: 0,
      title: 'Network error',
      detail: 'Ferry could not be reached. Check the connection and try again.',
    });
  }
  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (error.isAuthError && options.redirectOnAuthError !== false) onAuthRequired?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({
      status: response.status,
      title: 'Unexpected answer',
      detail: 'Ferry answered with something that is not JSON. Please reload the page.',
    });
  }
}

/** A message for any thrown value, safe to show: ApiError's detail, never a stack trace. */
export function userMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  return 'Something went wrong in the page. Please reload and try again.';
}
