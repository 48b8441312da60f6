import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, problem } from '../../test/fetchMock';
import { TimelinePage } from './TimelinePage';

afterEach(() => vi.unstubAllGlobals());

const timeline = {
  key: '1000000001',
  keys: ['1000000001', 'xkbknabjk'],
  bindings: [
    {
      id: 'b1',
      kind: 'order',
      scope: 'default',
      shopId: 'XKBKNABJK',
      inforId: '1000000001',
      sourceRunId: 'run-1',
      createdAt: '2026-01-05T08:00:03Z',
    },
  ],
  runs: [
    {
      id: 'run-1',
      workflowId: 'wf-1',
      workflowName: 'Order to cash',
      versionNumber: 3,
      status: 'succeeded',
      mode: 'webhook',
      businessKey: 'customer-7',
      createdAt: '2026-01-05T08:00:00Z',
    },
  ],
  entries: [
    {
      at: '2026-01-05T08:00:00Z',
      kind: 'run.started',
      title: 'Order to cash v3 (webhook)',
      runId: 'run-1',
      workflowId: 'wf-1',
      workflowName: 'Order to cash',
      details: { versionNumber: 3, mappings: [{ nodeId: 'toOrder', name: 'To M3 order', configHash: 'abcdef1234' }] },
    },
    {
      at: '2026-01-05T08:00:01Z',
      kind: 'step.retry',
      title: 'Create order: succeeded (attempt 2)',
      runId: 'run-1',
      workflowId: 'wf-1',
      workflowName: 'Order to cash',
      details: {
        stepId: 12,
        nodeType: 'infor.m3.sales_order.create',
        request: '{"reference"}',
        response: '{"orderNumber"}',
      },
    },
  ],
};

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/timeline" element={<TimelinePage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('TimelinePage', () => {
  it('shows the resolved keys, runs and entries with links to the step and the canvas', async () => {
    const calls = mockFetch({ 'GET /api/v1/timeline': { body: timeline } });
    renderAt('/timeline?key=1000000001');

    expect(await screen.findByText('Create order: succeeded (attempt 2)')).toBeInTheDocument();
    expect(calls[0]?.url).toBe('/api/v1/timeline?key=1000000001');
    expect(screen.getByText('xkbknabjk')).toBeInTheDocument();
    expect(screen.getByText('To M3 order@abcdef')).toBeInTheDocument();
    const retry = screen.getByText('Retry').closest('li') as HTMLElement;
    expect(within(retry).getByRole('link', { name: 'step run-1' })).toHaveAttribute('href', '/runs/run-1?step=12');
    expect(within(retry).getByRole('link', { name: 'Order to cash on the canvas' })).toHaveAttribute(
      'href',
      '/workflows/wf-1/design',
    );
  });

  it('asks for a key, then searches what is typed', async () => {
    const calls = mockFetch({ 'GET /api/v1/timeline': { body: { ...timeline, entries: [], runs: [] } } });
    renderAt('/timeline');
    expect(screen.getByText('Type a key to see its timeline.')).toBeInTheDocument();

    await userEvent.type(screen.getByRole('searchbox'), 'ada@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Show timeline' }));

    expect(await screen.findByText('Ferry has nothing about ada@example.com yet.')).toBeInTheDocument();
    expect(calls[0]?.url).toBe('/api/v1/timeline?key=ada%40example.com');
  });

  it('shows the problem the API answers', async () => {
    mockFetch({ 'GET /api/v1/timeline': problem(400, 'key: at most 200 characters.') });
    renderAt('/timeline?key=x');

    expect(await screen.findByText('key: at most 200 characters.')).toBeInTheDocument();
  });
});
