import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StatsOverview } from '../api/ops';
import { FakeSocket } from '../test/fakeSocket';
import { mockFetch, problem } from '../test/fetchMock';
import { DashboardPage } from './DashboardPage';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function stats(failed: number): StatsOverview {
  return {
    window: '1h',
    workflow: null,
    from: '2026-03-02T09:30:00Z',
    to: '2026-03-02T10:30:00Z',
    bucketMinutes: 1,
    series: [
      {
        at: '2026-03-02T10:28:00Z',
        succeeded: 40,
        failed: 0,
        dead_lettered: 0,
        cancelled: 0,
        superseded: 0,
        total: 40,
        runsPerMinute: 40,
        p50Ms: 120,
        p95Ms: 900,
      },
      {
        at: '2026-03-02T10:29:00Z',
        succeeded: 10,
        failed,
        dead_lettered: 0,
        cancelled: 0,
        superseded: 0,
        total: 10 + failed,
        runsPerMinute: 10 + failed,
        p50Ms: null,
        p95Ms: null,
      },
    ],
    totals: { finished: 50 + failed, succeeded: 50, failed, dead_lettered: 0, cancelled: 0, superseded: 0 },
    successRate: 50 / (50 + failed),
    latencyMs: { p50: 180.4, p95: 2210, mean: 400 },
    failed,
    backlog: { total: 3, queued: 2, running: 1, retryWait: 0, oldestAgeSeconds: 4 },
    retryWaits: 0,
    deadLetters: failed,
    gauges: [
      { at: '2026-03-02T10:28:00Z', backlog: null, retryWaits: null, deadLetters: null },
      { at: '2026-03-02T10:29:00Z', backlog: 3, retryWaits: 1, deadLetters: failed },
    ],
  };
}

const workflows = {
  count: 1,
  next: null,
  previous: null,
  results: [{ id: 'wf-1', name: 'Order to cash' }],
};

describe('DashboardPage', () => {
  it('shows the numbers and charts, and refetches when a run event arrives', async () => {
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    let failed = 0;
    const calls = mockFetch({
      'GET /api/v1/workflows/': { body: workflows },
      'GET /api/v1/stats/overview': () => ({ body: stats(failed) }),
      'GET /api/v1/dead-letters/': () => ({ body: { count: failed, next: null, previous: null, results: [] } }),
    });
    render(
      <MemoryRouter initialEntries={['/dashboard']}>
        <DashboardPage />
      </MemoryRouter>,
    );

    expect(await screen.findByTestId('tile-Latency p95')).toHaveTextContent('2.21 s');
    expect(screen.getByTestId('tile-Success rate')).toHaveTextContent('100%');
    expect(screen.getByRole('img', { name: 'Runs per minute over time' })).toBeInTheDocument();
    const latency = screen.getByRole('figure', { name: 'Latency p50 / p95' });
    expect(within(latency).getByRole('img', { name: 'Latency p50 / p95 over time' })).toBeInTheDocument();
    expect(within(latency).getByText('p50')).toBeInTheDocument();
    expect(within(latency).getByText('p95')).toBeInTheDocument();
    const gauges = screen.getByRole('figure', { name: 'Backlog, waits and dead letters' });
    expect(within(gauges).getByRole('img', { name: 'Backlog, waits and dead letters over time' })).toBeInTheDocument();
    expect(within(gauges).getByText('Backlog')).toBeInTheDocument();
    expect(within(gauges).getByText('Retry / rate-limit waits')).toBeInTheDocument();
    expect(within(gauges).getByText('Dead letters')).toBeInTheDocument();
    expect(await screen.findByTestId('workflow-stats')).toHaveTextContent('Order to cash');
    expect(screen.getByRole('link', { name: 'Take the guided tour' })).toHaveAttribute('href', '/tour');
    // The socket opens in an effect after the page has painted, so wait for it too.
    await waitFor(() => expect(FakeSocket.latest().url).toMatch(/\/ws\/workflows\/wf-1\/$/));

    failed = 30;
    act(() => FakeSocket.latest().open());
    act(() => FakeSocket.latest().send({ type: 'run.finished', runId: 'r', workflowId: 'wf-1', status: 'failed' }));

    await waitFor(() => expect(screen.getByTestId('tile-Success rate')).toHaveTextContent('62.5%'), { timeout: 3000 });
    await waitFor(() => expect(within(screen.getByTestId('tile-Dead letters')).getByText('30')).toBeInTheDocument());
    expect(calls.filter((c) => c.url.includes('window=1h') && !c.url.includes('workflow=')).length).toBe(2);
  });

  it('asks for the chosen window', async () => {
    const calls = mockFetch({
      'GET /api/v1/workflows/': { body: { ...workflows, results: [] } },
      'GET /api/v1/stats/overview': { body: stats(0) },
      'GET /api/v1/dead-letters/': { body: { count: 0, next: null, previous: null, results: [] } },
    });
    render(
      <MemoryRouter initialEntries={['/dashboard']}>
        <DashboardPage />
      </MemoryRouter>,
    );
    await screen.findByTestId('tile-Backlog');
    await userEvent.click(screen.getByRole('button', { name: '7 days' }));
    await screen.findByTestId('tile-Backlog');
    expect(calls.some((c) => c.url.includes('window=7d'))).toBe(true);
  });

  it('shows the API failure as a sentence', async () => {
    mockFetch({
      'GET /api/v1/workflows/': { body: { ...workflows, results: [] } },
      'GET /api/v1/stats/overview': problem(500, 'Ferry failed to handle this request; it is logged.'),
    });
    render(
      <MemoryRouter initialEntries={['/dashboard']}>
        <DashboardPage />
      </MemoryRouter>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Ferry failed to handle this request; it is logged.');
  });
});
