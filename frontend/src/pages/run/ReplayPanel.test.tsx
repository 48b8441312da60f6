import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunDetail } from '../../api/types';
import { mockFetch } from '../../test/fetchMock';
import { ReplayPanel, replayStarts } from './ReplayPanel';

afterEach(() => vi.unstubAllGlobals());

const step = (id: number, nodeId: string, nodeName: string) => ({
  id,
  nodeId,
  nodeName,
  nodeType: 'core.set',
  attempt: 1,
  status: 'succeeded',
  inputs: {},
  outputs: {},
  error: null,
  startedAt: null,
  finishedAt: null,
  durationMs: 1,
});
const run: RunDetail = {
  id: 'run-1',
  workflowId: 'wf-1',
  workflowName: 'Orders',
  versionNumber: 3,
  status: 'failed',
  mode: 'webhook',
  businessKey: 'XK',
  createdAt: '2026-03-02T10:00:00Z',
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  error: null,
  input: {},
  steps: [step(1, 'hook', 'Webhook'), step(2, 'map', 'Map'), step(3, 'map', 'Map')],
};

describe('ReplayPanel', () => {
  it('offers each step once, in the order the run reached them', () => {
    expect(replayStarts(run).map((s) => s.nodeId)).toEqual(['hook', 'map']);
  });

  it('runs a dry replay from a step and shows what would be sent', async () => {
    const calls = mockFetch({
      'POST /api/v1/runs/run-1/replay': {
        body: {
          runId: 'run-2',
          versionNumber: 3,
          dryRun: true,
          status: 'succeeded',
          output: { dryRun: true, stoppedAt: 'send', wouldSend: { method: 'POST', url: 'https://m3/orders' } },
          error: null,
          steps: [],
        },
      },
    });
    render(
      <MemoryRouter>
        <ReplayPanel run={run} onClose={() => undefined} />
      </MemoryRouter>,
    );
    await userEvent.selectOptions(screen.getByLabelText('Start from'), 'map');
    await userEvent.selectOptions(screen.getByLabelText('Version'), 'active');
    await userEvent.click(screen.getByRole('button', { name: 'Dry run' }));

    expect(await screen.findByTestId('dry-run-result')).toHaveTextContent('stopped before send');
    expect(calls[0]?.body).toEqual({
      fromNode: 'map',
      version: 'active',
      dryRun: true,
      forceNewEffects: false,
      reason: '',
    });
  });
});
