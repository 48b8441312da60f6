import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Run } from '../api/types';
import { mockFetch } from '../test/fetchMock';
import { RunsPage } from './RunsPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const finished: Run = {
  id: 'run-1',
  workflowId: 'wf-1',
  workflowName: 'Orders to M3',
  versionNumber: 3,
  status: 'succeeded',
  mode: 'webhook',
  businessKey: 'XKBKNABJK',
  createdAt: '2026-01-01T10:00:00Z',
  startedAt: '2026-01-01T10:00:00Z',
  finishedAt: '2026-01-01T10:00:01Z',
  durationMs: 1234,
  error: null,
};

const workflows = {
  count: 1,
  next: null,
  previous: null,
  results: [{ id: 'wf-1', name: 'Orders to M3' }],
};

function renderRuns(path = '/runs') {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/runs" element={<RunsPage />} />
        <Route path="/runs/:runId" element={<p>run page</p>} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('RunsPage', () => {
  it('lists the runs a poll started, and drops that filter on request', async () => {
    const calls = mockFetch({
      'GET /api/v1/runs/': { body: { count: 1, next: null, previous: null, results: [finished] } },
      'GET /api/v1/workflows/': { body: workflows },
    });
    renderRuns('/runs?parent=poll-run-1');

    const chip = await screen.findByTestId('parent-filter');
    expect(chip).toHaveTextContent('Started by run poll-run');
    const asked = calls.filter((c) => c.url.startsWith('/api/v1/runs/'));
    expect(new URL(asked[0]?.url ?? '', 'http://x').searchParams.get('parent')).toBe('poll-run-1');

    await userEvent.click(screen.getByRole('button', { name: 'Show runs started by any run' }));

    expect(screen.queryByTestId('parent-filter')).not.toBeInTheDocument();
    const last = calls.filter((c) => c.url.startsWith('/api/v1/runs/')).at(-1);
    expect(new URL(last?.url ?? '', 'http://x').searchParams.has('parent')).toBe(false);
  });

  it('lists runs with status, version, business key and duration', async () => {
    mockFetch({
      'GET /api/v1/runs/': { body: { count: 1, next: null, previous: null, results: [finished] } },
      'GET /api/v1/workflows/': { body: workflows },
    });
    renderRuns();

    const row = await screen.findByTestId('run-row');
    expect(row).toHaveTextContent('Succeeded');
    expect(row).toHaveTextContent('v3');
    expect(row).toHaveTextContent('XKBKNABJK');
    expect(row).toHaveTextContent('1.23 s');
  });

  it('asks the API again with the filters the user picks', async () => {
    const calls = mockFetch({
      'GET /api/v1/runs/': { body: { count: 0, next: null, previous: null, results: [] } },
      'GET /api/v1/workflows/': { body: workflows },
    });
    renderRuns();
    expect(await screen.findByText('No runs yet')).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'failed');
    await userEvent.selectOptions(await screen.findByLabelText('Workflow'), 'wf-1');
    await userEvent.type(screen.getByLabelText('Business key or run id'), 'SKU-9{Enter}');

    expect(await screen.findByText('No runs match these filters')).toBeInTheDocument();
    const runCalls = calls.filter((c) => c.url.startsWith('/api/v1/runs/')).map((c) => c.url);
    expect(runCalls.at(-1)).toBe('/api/v1/runs/?workflow=wf-1&status=failed&search=SKU-9&limit=25&offset=0');
  });

  it('opens a run when its row is clicked', async () => {
    mockFetch({
      'GET /api/v1/runs/': { body: { count: 1, next: null, previous: null, results: [finished] } },
      'GET /api/v1/workflows/': { body: workflows },
    });
    renderRuns();

    await userEvent.click(await screen.findByText('XKBKNABJK'));

    expect(await screen.findByText('run page')).toBeInTheDocument();
  });
});
