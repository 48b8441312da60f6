import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunDetail, Step } from '../../api/types';
import { FakeSocket } from '../../test/fakeSocket';
import { mockFetch, problem } from '../../test/fetchMock';
import { RunPage, pickStep } from './RunPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

function step(overrides: Partial<Step>): Step {
  return {
    id: 1,
    nodeId: 'hook',
    nodeName: 'Order webhook',
    nodeType: 'core.trigger.webhook',
    attempt: 1,
    status: 'succeeded',
    inputs: {},
    outputs: null,
    error: null,
    startedAt: '2026-01-01T10:00:00Z',
    finishedAt: '2026-01-01T10:00:00.020Z',
    durationMs: 20,
    ...overrides,
  };
}

const run: RunDetail = {
  id: 'run-1',
  workflowId: 'wf-1',
  workflowName: 'Orders to M3',
  versionNumber: 2,
  status: 'failed',
  mode: 'webhook',
  businessKey: 'XKBKNABJK',
  createdAt: '2026-01-01T10:00:00Z',
  startedAt: '2026-01-01T10:00:00Z',
  finishedAt: '2026-01-01T10:00:01Z',
  durationMs: 1000,
  error: { code: 'm3.rejected', message: 'Customer missing', field: 'CUNO', nodeId: 'push' },
  input: { reference: 'XKBKNABJK' },
  steps: [
    step({ id: 1, outputs: { main: [{ json: { reference: 'XKBKNABJK' } }] } }),
    step({
      id: 2,
      nodeId: 'push',
      nodeName: 'Send to M3',
      nodeType: 'infor.m3.order',
      attempt: 2,
      status: 'failed',
      inputs: { main: [{ json: { CUNO: '' } }] },
      error: { code: 'm3.rejected', message: 'Customer missing', field: 'CUNO', retryable: false },
    }),
  ],
};

function renderRun(path = '/runs/run-1') {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/runs/:runId" element={<RunPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('RunPage', () => {
  it('shows the header, the steps in order and the failed step first', async () => {
    mockFetch({ 'GET /api/v1/runs/run-1/': { body: run } });
    renderRun();

    expect(await screen.findByRole('heading', { name: /Orders to M3/ })).toBeInTheDocument();
    expect(screen.getAllByText('XKBKNABJK').length).toBeGreaterThan(0);
    expect(screen.getByRole('link', { name: 'Timeline' })).toHaveAttribute('href', '/timeline?key=XKBKNABJK');
    const steps = within(screen.getByRole('list', { name: 'Steps' })).getAllByTestId('step');
    expect(steps.map((s) => s.querySelector('.step__name')?.textContent)).toEqual(['Order webhook', 'Send to M3']);

    const detail = screen.getByTestId('step-detail');
    expect(within(detail).getByRole('heading', { name: 'Send to M3' })).toBeInTheDocument();
    const failure = within(detail).getByRole('group', { name: 'Step error' });
    expect(failure).toHaveTextContent('Customer missing');
    expect(failure).toHaveTextContent('m3.rejected');
    expect(failure).toHaveTextContent('CUNO');
  });

  it('links a poll to the runs it started, and a record run back to its poll', async () => {
    mockFetch({
      'GET /api/v1/runs/run-1/': { body: { ...run, mode: 'schedule', startedRuns: 3 } },
      'GET /api/v1/runs/run-2/': { body: { ...run, id: 'run-2', mode: 'poll', parentRunId: 'run-1-poll' } },
    });
    const { unmount } = renderRun();

    expect(await screen.findByRole('link', { name: '3 runs' })).toHaveAttribute('href', '/runs?parent=run-1');
    expect(screen.queryByText('Started by')).not.toBeInTheDocument();
    unmount();

    renderRun('/runs/run-2');
    expect(await screen.findByText('Started by')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /run-1-po/ })).toHaveAttribute('href', '/runs/run-1-poll');
  });

  it('shows the inputs and outputs of the step the user picks', async () => {
    mockFetch({ 'GET /api/v1/runs/run-1/': { body: run } });
    renderRun();

    await userEvent.click(await screen.findByRole('button', { name: /Order webhook/ }));

    const detail = screen.getByTestId('step-detail');
    expect(within(detail).getByRole('heading', { name: 'Order webhook' })).toBeInTheDocument();
    const outputs = within(detail).getByRole('region', { name: 'Outputs' });
    expect(within(outputs).getByText('main')).toBeInTheDocument();
  });

  it('refetches the run when the live stream reports a step', async () => {
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    const running: RunDetail = { ...run, status: 'running', error: null, finishedAt: null, steps: [run.steps[0]!] };
    let answer: RunDetail = running;
    const calls = mockFetch({ 'GET /api/v1/runs/run-1/': () => ({ body: answer }) });
    renderRun();
    expect(await screen.findByText('Running')).toBeInTheDocument();
    // The socket opens in an effect after the page has painted the run, so wait for it too.
    await waitFor(() => expect(FakeSocket.latest().url).toMatch(/\/ws\/runs\/run-1\/$/));
    act(() => FakeSocket.latest().open());
    expect(await screen.findByText('Live')).toBeInTheDocument();

    answer = { ...run, status: 'succeeded', error: null };
    act(() => FakeSocket.latest().send({ type: 'step.finished', runId: 'run-1', nodeId: 'push' }));

    expect(await screen.findByRole('button', { name: /Send to M3/ })).toBeInTheDocument();
    expect(calls.filter((c) => c.url.startsWith('/api/v1/runs/'))).toHaveLength(2);
    // A finished run needs no socket any more.
    expect(FakeSocket.latest().closed).toBe(true);
  });

  it('shows the API error, not a crash, when the run cannot be loaded', async () => {
    mockFetch({ 'GET /api/v1/runs/run-1/': problem(404, 'No run with this id.') });
    renderRun();

    expect(await screen.findByRole('alert')).toHaveTextContent('No run with this id.');
  });
});

describe('pickStep', () => {
  it('prefers the step named in the URL, then a failed one, then the first', () => {
    expect(pickStep(run.steps, '1')?.id).toBe(1);
    expect(pickStep(run.steps, null)?.id).toBe(2);
    expect(pickStep([step({ id: 7 })], 'gone')?.id).toBe(7);
    expect(pickStep([], null)).toBeUndefined();
  });
});
