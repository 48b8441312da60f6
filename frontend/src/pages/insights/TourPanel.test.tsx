import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, problem } from '../../test/fetchMock';
import { TourPanel } from './TourPanel';

afterEach(() => vi.unstubAllGlobals());

const run = {
  id: 'run-1',
  workflowId: 'wf-1',
  workflowName: 'Order to cash',
  versionNumber: 1,
  status: 'succeeded',
  mode: 'webhook',
  businessKey: 'customer-7',
  createdAt: '2026-01-05T08:00:00Z',
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  error: null,
  input: {},
  steps: [
    {
      id: 5,
      nodeId: 'toOrder',
      nodeName: 'To M3 order',
      nodeType: 'core.jsonata.map',
      attempt: 1,
      status: 'succeeded',
      inputs: { main: [{ reference: 'XKBKNABJK' }] },
      outputs: { main: [{ customer: 'WEB0000041' }] },
      error: null,
      startedAt: null,
      finishedAt: null,
      durationMs: 3,
    },
  ],
};

describe('TourPanel', () => {
  it('places an order, shows it mapped and created in Infor, then ships it', async () => {
    let shipped = false;
    const calls = mockFetch({
      'POST /api/v1/tour/order': {
        status: 201,
        body: { orderId: 1001, reference: 'XKBKNABJK', runId: 'run-1', workflowId: 'wf-1' },
      },
      'GET /api/v1/runs/run-1/': { body: run },
      'GET /api/v1/runs/run-2/': { body: { ...run, id: 'run-2', workflowName: 'Status back', steps: [] } },
      'GET /api/v1/tour/progress': () => ({
        body: {
          reference: 'XKBKNABJK',
          orderId: 1001,
          shopState: '3',
          orderNumber: '1000000001',
          trackingNumber: shipped ? 'JD000014000001' : '',
          runs: [],
        },
      }),
      'POST /api/v1/tour/ship': () => {
        shipped = true;
        return { status: 202, body: { orderNumber: '1000000001', runId: 'run-2', workflowId: 'wf-2' } };
      },
    });
    render(
      <MemoryRouter>
        <TourPanel />
      </MemoryRouter>,
    );

    await userEvent.click(screen.getByRole('button', { name: 'Place an order' }));
    expect(await screen.findByTestId('tour-order-number')).toHaveTextContent('1000000001');
    expect(screen.getByTestId('tour-mapped')).toHaveTextContent('WEB0000041');
    expect(screen.getByRole('link', { name: 'Order to cash on the canvas' })).toHaveAttribute(
      'href',
      '/workflows/wf-1/design',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Ship in Infor' }));
    expect(await screen.findByTestId('tour-tracking', {}, { timeout: 4000 })).toHaveTextContent('JD000014000001');
    expect(calls.find((c) => c.method === 'POST' && c.url === '/api/v1/tour/ship')?.body).toEqual({
      reference: 'XKBKNABJK',
    });
    expect(screen.getByRole('link', { name: "Open the order's timeline" })).toHaveAttribute(
      'href',
      '/timeline?key=XKBKNABJK',
    );
  });

  it('explains why the tour cannot start', async () => {
    mockFetch({ 'POST /api/v1/tour/order': problem(409, 'No deployed workflow …; install the templates first.') });
    render(
      <MemoryRouter>
        <TourPanel />
      </MemoryRouter>,
    );

    await userEvent.click(screen.getByRole('button', { name: 'Place an order' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('install the templates first');
  });
});
