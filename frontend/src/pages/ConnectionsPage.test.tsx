import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionHealth } from '../api/ops';
import { mockFetch } from '../test/fetchMock';
import { ConnectionsPage } from './ConnectionsPage';

afterEach(() => vi.unstubAllGlobals());

const health: ConnectionHealth = {
  connectionId: 'c-1',
  name: 'Infor tenant',
  paused: false,
  lastCheckedAt: '2026-03-02T10:00:00Z',
  lastOk: false,
  lastError: 'Token refused (401).',
  lastSuccessAt: null,
  calls: { total: 12, failed: 2, meanMs: 340, lastSucceededAt: null, lastFailedAt: null },
  budget: { maxInFlight: 4, callsPerSecond: 10, inFlight: 3, callsLastSecond: 7.5 },
};

describe('ConnectionsPage', () => {
  it('shows health and limits, and pauses after a confirmation', async () => {
    let paused = false;
    const calls = mockFetch({
      'GET /api/v1/connections/health': () => ({ body: [{ ...health, paused }] }),
      'GET /api/v1/connections/c-1/limits': { body: { maxInFlight: 4, callsPerSecond: 10 } },
      'POST /api/v1/connections/c-1/pause': () => {
        paused = true;
        return { body: { ...health, paused } };
      },
    });
    render(
      <MemoryRouter>
        <ConnectionsPage />
      </MemoryRouter>,
    );
    const row = await screen.findByTestId('connection-row');
    expect(row).toHaveTextContent('Failing');
    expect(row).toHaveTextContent('Token refused (401).');
    expect(await within(row).findByText('4 at once · 10/s')).toBeInTheDocument();
    expect(within(row).getByTestId('connection-budget')).toHaveTextContent('in flight 3 / 4, 7.5 calls/s of 10');

    await userEvent.click(within(row).getByRole('button', { name: 'Pause' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Pause' }));
    expect(await screen.findByRole('button', { name: 'Resume' })).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/pause'))).toBe(true);
  });

  it('shows no budget for a connection without limits', async () => {
    mockFetch({
      'GET /api/v1/connections/health': { body: [{ ...health, budget: null }] },
      'GET /api/v1/connections/c-1/limits': { body: { maxInFlight: null, callsPerSecond: null } },
    });
    render(
      <MemoryRouter>
        <ConnectionsPage />
      </MemoryRouter>,
    );
    const row = await screen.findByTestId('connection-row');
    expect(await within(row).findByText('No limit')).toBeInTheDocument();
    expect(within(row).queryByTestId('connection-budget')).not.toBeInTheDocument();
  });
});
