import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { endSessionOnAuthErrors, useSession } from './stores/session';
import { mockFetch, problem } from './test/fetchMock';

afterEach(() => {
  vi.unstubAllGlobals();
});

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

function renderApp(path: string) {
  endSessionOnAuthErrors();
  return render(
    <MemoryRouter initialEntries={[path]}>
      <App />
      <Where />
    </MemoryRouter>,
  );
}

const emptyPage = { count: 0, next: null, previous: null, results: [] };

describe('App', () => {
  it('sends a visitor without a session to the login page, remembering where they were going', async () => {
    mockFetch({ 'GET /api/v1/auth/me': problem(403, 'Authentication credentials were not provided.') });
    renderApp('/runs?status=failed');

    expect(await screen.findByLabelText('Username')).toBeInTheDocument();
    expect(screen.getByTestId('where')).toHaveTextContent('/login?next=%2Fruns%3Fstatus%3Dfailed');
  });

  it('shows the shell with the user once the session is known', async () => {
    mockFetch({
      'GET /api/v1/auth/me': { body: { id: 1, username: 'demo' } },
      'GET /api/v1/workflows/': { body: emptyPage },
    });
    renderApp('/workflows');

    expect(await screen.findByText('No workflows yet')).toBeInTheDocument();
    expect(screen.getByTestId('current-user')).toHaveTextContent('demo');
    expect(screen.getByTestId('where')).toHaveTextContent('/workflows');
  });

  it('returns to the login page when the session expires mid-way', async () => {
    useSession.setState({ status: 'signed-in', user: { id: 1, username: 'demo' } });
    mockFetch({ 'GET /api/v1/workflows/': problem(403, 'Authentication credentials were not provided.') });
    renderApp('/workflows');

    expect(await screen.findByLabelText('Username')).toBeInTheDocument();
    expect(screen.getByTestId('where')).toHaveTextContent('/login?next=%2Fworkflows');
  });

  it('logs out through the API and shows the login page', async () => {
    useSession.setState({ status: 'signed-in', user: { id: 1, username: 'demo' } });
    const calls = mockFetch({
      'GET /api/v1/workflows/': { body: emptyPage },
      'POST /api/v1/auth/logout': { status: 204 },
    });
    renderApp('/workflows');

    await userEvent.click(await screen.findByRole('button', { name: 'Log out' }));

    expect(await screen.findByLabelText('Username')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/auth/logout')).toBe(true);
  });

  it('shows a not-found page inside the shell for unknown paths', async () => {
    useSession.setState({ status: 'signed-in', user: { id: 1, username: 'demo' } });
    renderApp('/nowhere');

    expect(await screen.findByText('This page does not exist')).toBeInTheDocument();
  });
});
