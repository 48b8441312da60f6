import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, errorFromResponse, readCookie, setAuthRequiredHandler, userMessage } from './client';
import { jsonResponse, mockFetch, problem } from '../test/fetchMock';

afterEach(() => {
  vi.unstubAllGlobals();
});

async function failureOf(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('The call succeeded.');
}

describe('apiFetch', () => {
  it('sends the csrftoken cookie as X-CSRFToken on writes', async () => {
    document.cookie = 'csrftoken=abc123';
    const calls = mockFetch({ 'POST /api/v1/things': { status: 201, body: { id: 1 } } });

    const result = await apiFetch<{ id: number }>('/api/v1/things', { method: 'POST', body: { name: 'x' } });

    expect(result).toEqual({ id: 1 });
    expect(calls[0]?.headers['X-CSRFToken']).toBe('abc123');
    expect(calls[0]?.headers['Content-Type']).toBe('application/json');
    expect(calls[0]?.body).toEqual({ name: 'x' });
  });

  it('adds the caller’s headers without letting them replace its own', async () => {
    document.cookie = 'csrftoken=abc123';
    const calls = mockFetch({ 'POST /api/v1/things': { status: 201, body: {} } });

    await apiFetch('/api/v1/things', {
      method: 'POST',
      body: {},
      headers: { 'If-Match': '"h1"', 'X-CSRFToken': 'forged', Accept: 'text/html' },
    });

    expect(calls[0]?.headers['If-Match']).toBe('"h1"');
    expect(calls[0]?.headers['X-CSRFToken']).toBe('abc123');
    expect(calls[0]?.headers.Accept).toBe('application/json');
  });

  it('sends no CSRF header on reads', async () => {
    document.cookie = 'csrftoken=abc123';
    const calls = mockFetch({ 'GET /api/v1/things': { body: [] } });

    await apiFetch('/api/v1/things');

    expect(calls[0]?.headers['X-CSRFToken']).toBeUndefined();
  });

  it('turns a problem body into an ApiError carrying its detail and problems', async () => {
    mockFetch({
      'POST /api/v1/workflows/1/versions/': problem(400, 'The workflow has 1 problem.', {
        problems: [{ nodeId: 'map', field: 'config.expression', message: 'Unexpected end', code: 'jsonata.syntax' }],
      }),
    });

    const error = await failureOf(apiFetch('/api/v1/workflows/1/versions/', { method: 'POST', body: {} }));

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.detail).toBe('The workflow has 1 problem.');
    expect(error.problems).toEqual([
      { nodeId: 'map', field: 'config.expression', message: 'Unexpected end', code: 'jsonata.syntax' },
    ]);
    expect(userMessage(error)).toBe('The workflow has 1 problem.');
  });

  it('calls the sign-in handler on 403 and 401', async () => {
    const handler = vi.fn();
    setAuthRequiredHandler(handler);
    mockFetch({
      'GET /api/v1/runs/': problem(403, 'Authentication credentials were not provided.'),
      'GET /api/v1/workflows/': problem(401, 'Session expired.'),
    });

    await expect(apiFetch('/api/v1/runs/')).rejects.toBeInstanceOf(ApiError);
    await expect(apiFetch('/api/v1/workflows/')).rejects.toBeInstanceOf(ApiError);

    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('leaves 403 to the caller when asked to', async () => {
    const handler = vi.fn();
    setAuthRequiredHandler(handler);
    mockFetch({ 'POST /api/v1/auth/login': problem(403, 'Wrong username or password.') });

    await expect(
      apiFetch('/api/v1/auth/login', { method: 'POST', body: {}, redirectOnAuthError: false }),
    ).rejects.toMatchObject({ status: 403, detail: 'Wrong username or password.' });
    expect(handler).not.toHaveBeenCalled();
  });

  it('never shows an HTML error page to the user', async () => {
    mockFetch({
      'GET /api/v1/runs/': {
        status: 500,
        contentType: 'text/html',
        body: '<html>Traceback (most recent call last): File "views.py"</html>',
      },
    });

    const error = await failureOf(apiFetch('/api/v1/runs/'));

    expect(error).toBeInstanceOf(ApiError);
    expect(error.detail).toBe('Ferry hit an unexpected error (500). Please try again.');
    expect(error.detail).not.toContain('Traceback');
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));

    const error = await failureOf(apiFetch('/api/v1/runs/'));

    expect(error).toMatchObject({ status: 0, title: 'Network error' });
  });

  it('answers undefined for 204 No Content', async () => {
    mockFetch({ 'POST /api/v1/auth/logout': { status: 204 } });

    await expect(apiFetch('/api/v1/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
  });
});

describe('errorFromResponse', () => {
  it('falls back to a sentence about the status when a problem body has no detail', async () => {
    const error = await errorFromResponse(jsonResponse({ status: 404, body: { title: 'Not Found' } }));

    expect(error.detail).toBe('Not Found.');
  });

  it('keeps field errors of a validation problem', async () => {
    const error = await errorFromResponse(
      jsonResponse({
        status: 400,
        contentType: 'application/problem+json',
        body: { title: 'Bad Request', detail: 'The request has invalid fields.', errors: { name: ['Required.'] } },
      }),
    );

    expect(error.errors).toEqual({ name: ['Required.'] });
  });
});

describe('readCookie', () => {
  it('finds one cookie among several and decodes it', () => {
    expect(readCookie('csrftoken', 'sessionid=s1; csrftoken=a%2Bb; other=1')).toBe('a+b');
    expect(readCookie('missing', 'sessionid=s1')).toBeNull();
  });
});

describe('userMessage', () => {
  it('hides the message of errors that are not from the API', () => {
    expect(userMessage(new Error('Cannot read properties of undefined (reading "x")'))).toBe(
      'Something went wrong in the page. Please reload and try again.',
    );
  });
});
