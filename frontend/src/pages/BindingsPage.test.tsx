import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, problem } from '../test/fetchMock';
import { BindingsPage, bindingsQuery } from './BindingsPage';

afterEach(() => vi.unstubAllGlobals());

const binding = {
  id: 'b-1',
  kind: 'product',
  scope: 'default',
  shopId: '12',
  inforId: 'SKU-12',
  sourceRunId: null,
  createdAt: '2026-03-02T10:00:00Z',
  updatedAt: '2026-03-02T10:00:00Z',
};
const entry = {
  id: 'u-1',
  kind: 'product',
  scope: 'default',
  side: 'shop',
  value: '99',
  context: { reference: 'DEMO-99' },
  count: 4,
  firstSeen: '2026-03-02T09:00:00Z',
  lastSeen: '2026-03-02T10:00:00Z',
  runIds: ['run-1'],
  resolvedAt: null,
  bindingId: null,
};
const page = (results: unknown[]) => ({ count: results.length, next: null, previous: null, results });

describe('BindingsPage', () => {
  it('builds the API query from the filters', () => {
    expect(bindingsQuery(new URLSearchParams('kind=order&search= 12 &x=1'), 2)).toBe(
      '?kind=order&search=12&limit=50&offset=50',
    );
  });

  it('lists bindings and shows a conflict when creating one', async () => {
    const calls = mockFetch({
      'GET /api/v1/bindings/': { body: page([binding]) },
      'POST /api/v1/bindings/': problem(409, 'Shop id 12 is already bound to SKU-12.'),
    });
    render(
      <MemoryRouter initialEntries={['/bindings']}>
        <BindingsPage />
      </MemoryRouter>,
    );
    expect(await screen.findByTestId('binding-row')).toHaveTextContent('SKU-12');
    const form = screen.getByRole('form', { name: 'New binding' });
    await userEvent.type(within(form).getByLabelText('Shop id'), '12');
    await userEvent.type(within(form).getByLabelText('Infor id'), 'SKU-13');
    await userEvent.click(within(form).getByRole('button', { name: 'Add binding' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('already bound');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      kind: 'product',
      scope: 'default',
      shopId: '12',
      inforId: 'SKU-13',
    });
  });

  it('resolves an unmatched id with the other system id', async () => {
    let open = [entry];
    const calls = mockFetch({
      'GET /api/v1/bindings/': { body: page([]) },
      'GET /api/v1/bindings/unresolved/': () => ({ body: page(open) }),
      'POST /api/v1/bindings/unresolved/u-1/resolve': () => {
        open = [];
        return { body: { ...entry, resolvedAt: '2026-03-02T11:00:00Z' } };
      },
    });
    render(
      <MemoryRouter initialEntries={['/bindings?tab=unresolved']}>
        <BindingsPage />
      </MemoryRouter>,
    );
    const row = await screen.findByTestId('unresolved-row');
    expect(row).toHaveTextContent('DEMO-99');
    await userEvent.type(within(row).getByLabelText('Infor id'), 'SKU-99');
    await userEvent.click(within(row).getByRole('button', { name: 'Resolve' }));
    expect(await screen.findByText('Nothing waits for a binding')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ otherId: 'SKU-99' });
  });
});
