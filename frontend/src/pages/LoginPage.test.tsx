import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../stores/session';
import { mockFetch, problem } from '../test/fetchMock';
import { LoginPage, WRONG_CREDENTIALS, safeNext } from './LoginPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

function renderLogin(path = '/login') {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Where />} />
      </Routes>
    </MemoryRouter>,
  );
}

async function signIn(username: string, password: string): Promise<void> {
  await userEvent.type(screen.getByLabelText('Username'), username);
  await userEvent.type(screen.getByLabelText('Password'), password);
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('says the password is wrong and stays on the page', async () => {
    mockFetch({ 'POST /api/v1/auth/login': problem(403, 'Wrong username or password.') });
    renderLogin();

    await signIn('demo', 'nope');

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
    expect(useSession.getState().status).not.toBe('signed-in');
  });

  it('reads field validation errors as wrong credentials', async () => {
    mockFetch({
      'POST /api/v1/auth/login': problem(400, 'The request has invalid fields.', {
        errors: { nonFieldErrors: ['Unable to log in.'] },
      }),
    });
    renderLogin();

    await signIn('demo', 'nope');

    expect(await screen.findByRole('alert')).toHaveTextContent(WRONG_CREDENTIALS);
  });

  it('posts the credentials with the CSRF token and goes where it was asked to', async () => {
    document.cookie = 'csrftoken=tok';
    const calls = mockFetch({ 'POST /api/v1/auth/login': { body: { id: 1, username: 'demo' } } });
    renderLogin('/login?next=%2Fruns%3Fstatus%3Dfailed');

    await signIn('demo', 'demo');

    expect(await screen.findByTestId('where')).toHaveTextContent('/runs?status=failed');
    expect(calls[0]?.body).toEqual({ username: 'demo', password: 'demo' });
    expect(calls[0]?.headers['X-CSRFToken']).toBe('tok');
    expect(useSession.getState().user).toEqual({ id: 1, username: 'demo' });
  });

  it('asks for the CSRF cookie first when the page came without one', async () => {
    const calls = mockFetch({
      'GET /api/v1/auth/csrf': () => {
        document.cookie = 'csrftoken=fresh';
        return { body: { csrfToken: 'fresh' } };
      },
      'POST /api/v1/auth/login': { body: { id: 1, username: 'demo' } },
    });
    renderLogin();

    await signIn('demo', 'demo');

    expect(await screen.findByTestId('where')).toHaveTextContent('/workflows');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/auth/csrf', 'POST /api/v1/auth/login']);
    expect(calls[1]?.headers['X-CSRFToken']).toBe('fresh');
  });

  it('explains an unreachable server instead of blaming the password', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    renderLogin();

    await signIn('demo', 'demo');

    expect(await screen.findByRole('alert')).toHaveTextContent('Ferry could not be reached');
  });
});

describe('safeNext', () => {
  it('only follows paths on this site', () => {
    expect(safeNext('/runs/1')).toBe('/runs/1');
    expect(safeNext('//evil.example')).toBe('/workflows');
    expect(safeNext('https://evil.example')).toBe('/workflows');
    expect(safeNext('/login')).toBe('/workflows');
    expect(safeNext(null)).toBe('/workflows');
  });
});
