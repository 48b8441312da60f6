import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, problem } from '../../test/fetchMock';
import { CustomerPage } from './CustomerPage';

afterEach(() => vi.unstubAllGlobals());

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/customers/:key" element={<CustomerPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('CustomerPage', () => {
  it('marks the fields that differ and lists orders of both systems', async () => {
    mockFetch({
      'GET /api/v1/customers/ada%40example.com': {
        body: {
          key: 'ada@example.com',
          shop: {
            id: '7',
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            orders: [
              { id: 1, reference: 'XKBKNABJK', date: '2026-01-05', status: 'Shipped', total: '12.00', currency: 'EUR' },
            ],
          },
          infor: {
            id: 'WEB0000001',
            name: 'A. Lovelace',
            email: 'ada@example.com',
            orders: [
              {
                orderNumber: '1000000001',
                reference: 'XKBKNABJK',
                date: '20260105',
                status: '20',
                highestLineStatus: '66',
              },
            ],
          },
          fields: [
            { field: 'name', shop: 'Ada Lovelace', infor: 'A. Lovelace', differs: true },
            { field: 'email', shop: 'ada@example.com', infor: 'ada@example.com', differs: false },
          ],
          timeline: [],
        },
      },
    });
    renderAt('/customers/ada@example.com');

    const name = await screen.findByRole('row', { name: /Name/ });
    expect(name).toHaveAttribute('data-differs', 'true');
    expect(screen.getByRole('row', { name: /E-mail/ })).toHaveAttribute('data-differs', 'false');
    expect(screen.getByText('1 differences')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '1000000001' })).toHaveAttribute('href', '/timeline?key=1000000001');
    expect(screen.getByRole('link', { name: 'XKBKNABJK' })).toHaveAttribute('href', '/timeline?key=XKBKNABJK');
  });

  it('says which system is down', async () => {
    mockFetch({ 'GET /api/v1/customers/7': problem(502, 'Infor: the gateway answered 503.') });
    renderAt('/customers/7');

    expect(await screen.findByText('Infor: the gateway answered 503.')).toBeInTheDocument();
  });
});
