import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeadLetterDetail, DeadLetterGroup } from '../api/ops';
import { mockFetch, problem } from '../test/fetchMock';
import { ErrorConsolePage, editableInput } from './ErrorConsolePage';

afterEach(() => vi.unstubAllGlobals());

const group: DeadLetterGroup = {
  workflowId: 'wf-1',
  workflowName: 'Order to cash',
  nodeId: 'm3',
  code: 'm3.item_missing',
  field: 'lines[0].sku',
  errorClass: 'not_found',
  reason: 'Line 1: item SKU-99999 does not exist',
  count: 3,
  firstSeen: '2026-03-02T09:00:00Z',
  lastSeen: '2026-03-02T10:00:00Z',
  sampleId: 7,
};

const letter: DeadLetterDetail = {
  id: 7,
  runId: 'run-7',
  workflowId: 'wf-1',
  workflowName: 'Order to cash',
  businessKey: 'XKBKNABJK',
  status: 'open',
  errorClass: 'not_found',
  code: 'm3.item_missing',
  reason: group.reason,
  nodeId: 'm3',
  attempts: 1,
  createdAt: '2026-03-02T10:00:00Z',
  closedAt: null,
  input: { main: [{ json: { sku: 'SKU-99999' } }] },
  error: { code: 'm3.item_missing', message: group.reason, field: 'lines[0].sku' },
  audit: [
    {
      id: 1,
      runId: 'run-7',
      deadLetterId: 7,
      action: 'parked',
      actor: 'ferry',
      reason: group.reason,
      details: {},
      at: '2026-03-02T10:00:00Z',
    },
  ],
};

const empty = { count: 0, next: null, previous: null, results: [] };

function renderConsole() {
  return render(
    <MemoryRouter initialEntries={['/errors']}>
      <ErrorConsolePage />
    </MemoryRouter>,
  );
}

describe('ErrorConsolePage', () => {
  it('shows the failing step input as the items the step received', () => {
    expect(editableInput({ main: [{ json: { a: 1 } }, { json: 2 }] })).toEqual([{ a: 1 }, 2]);
    expect(editableInput({ main: [], other: [] })).toEqual({ main: [], other: [] });
  });

  it('groups parked runs and retries a whole group after a confirmation naming the count', async () => {
    const calls = mockFetch({
      'GET /api/v1/dead-letters/groups': { body: [group] },
      'GET /api/v1/workflows/': { body: empty },
      'POST /api/v1/dead-letters/groups/retry': { body: { count: 3, runIds: ['a', 'b', 'c'] } },
    });
    renderConsole();

    const row = await screen.findByTestId('dead-letter-group');
    expect(within(row).getByText(group.reason)).toBeInTheDocument();
    expect(within(row).getByText('lines[0].sku')).toBeInTheDocument();
    await userEvent.click(within(row).getByRole('button', { name: 'Retry all' }));

    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByTestId('confirm-message')).toHaveTextContent('Retry all 3 runs in this group?');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'item created');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Retry 3 runs' }));

    expect(await screen.findByTestId('notice')).toHaveTextContent('3 runs sent back to the queue.');
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      workflow: 'wf-1',
      nodeId: 'm3',
      code: 'm3.item_missing',
      field: 'lines[0].sku',
      reason: 'item created',
    });
  });

  it('refuses a discard without a reason and shows the server refusal', async () => {
    mockFetch({
      'GET /api/v1/dead-letters/groups': { body: [group] },
      'GET /api/v1/workflows/': { body: empty },
      'POST /api/v1/dead-letters/groups/discard': problem(409, 'Dead letter 7 is already discarded.'),
    });
    renderConsole();

    await userEvent.click(await screen.findByRole('button', { name: 'Discard all' }));
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Discard 3 runs' });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'test orders');
    await userEvent.click(confirm);

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Dead letter 7 is already discarded.');
  });

  it('retries one run with an edited input', async () => {
    const calls = mockFetch({
      'GET /api/v1/dead-letters/groups': { body: [group] },
      'GET /api/v1/workflows/': { body: empty },
      'GET /api/v1/dead-letters/': { body: { ...empty, count: 1, results: [letter] } },
      'GET /api/v1/dead-letters/7/': { body: letter },
      'POST /api/v1/dead-letters/7/retry': { body: { ...letter, status: 'retried' } },
    });
    renderConsole();

    await userEvent.click(await screen.findByRole('button', { name: 'Inspect' }));
    const editor = await screen.findByLabelText('Failing step input');
    expect(screen.getByTestId('audit')).toHaveTextContent('Parked by ferry');
    await userEvent.clear(editor);
    await userEvent.click(editor);
    await userEvent.paste('[{"sku": "SKU-1"}]');
    await userEvent.click(screen.getByRole('button', { name: 'Retry with this input' }));
    expect(within(screen.getByRole('dialog')).getByTestId('confirm-message')).toHaveTextContent('Retry this 1 run');
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Retry 1 run' }));

    expect(await screen.findByTestId('notice')).toHaveTextContent('sent back with the edited input');
    expect(calls.find((c) => c.url.endsWith('/7/retry'))?.body).toEqual({ reason: '', input: [{ sku: 'SKU-1' }] });
  });

  it('shows handled runs by state without group actions', async () => {
    const calls = mockFetch({
      'GET /api/v1/dead-letters/groups': { body: [group] },
      'GET /api/v1/workflows/': { body: empty },
    });
    renderConsole();
    await screen.findByTestId('dead-letter-group');
    await userEvent.selectOptions(screen.getByLabelText('State'), 'retried');

    await screen.findByRole('button', { name: 'Inspect' });
    expect(screen.queryByRole('button', { name: 'Retry all' })).not.toBeInTheDocument();
    expect(calls.some((c) => c.url.includes('status=retried'))).toBe(true);
  });

  it('says when nothing is parked, and shows a load failure without details', async () => {
    mockFetch({ 'GET /api/v1/dead-letters/groups': { body: [] }, 'GET /api/v1/workflows/': { body: empty } });
    renderConsole();
    expect(await screen.findByText('Nothing is parked')).toBeInTheDocument();
  });
});
