import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { JsonTree } from './JsonTree';
import { JsonView } from './JsonView';

const order = {
  reference: 'XKBKNABJK',
  total: 61.9,
  paid: true,
  note: null,
  lines: [{ sku: 'demo_1', qty: 2, options: { size: 'M' } }],
};

describe('JsonTree', () => {
  it('shows keys and typed values of the open levels', () => {
    render(<JsonTree value={order} label="order" />);

    expect(screen.getByText('reference')).toBeInTheDocument();
    expect(screen.getByText('"XKBKNABJK"')).toHaveClass('json-string');
    expect(screen.getByText('61.9')).toHaveClass('json-number');
    expect(screen.getByText('true')).toHaveClass('json-boolean');
    expect(screen.getByText('null')).toHaveClass('json-null');
    expect(screen.getByText('[1 item]')).toBeInTheDocument();
  });

  it('starts deeper levels closed and opens them on click', async () => {
    render(<JsonTree value={order} expandDepth={2} label="order" />);

    // Depth 0 is the object, depth 1 the lines array, depth 2 the first line: closed.
    expect(screen.queryByText('sku')).not.toBeInTheDocument();
    const line = screen.getByRole('button', { name: /^0\s*:\s*\{3 keys\}$/ });
    expect(line).toHaveAttribute('aria-expanded', 'false');

    await userEvent.click(line);

    expect(line).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('"demo_1"')).toBeInTheDocument();
  });

  it('collapses an open level', async () => {
    render(<JsonTree value={order} label="order" />);
    const root = screen.getByRole('button', { name: /\{5 keys\}/ });

    await userEvent.click(root);

    expect(root).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('reference')).not.toBeInTheDocument();
  });

  it('shows empty containers and lone primitives', () => {
    const { rerender } = render(<JsonTree value={{ a: [], b: {} }} />);
    expect(screen.getByText('[]')).toBeInTheDocument();
    expect(screen.getByText('{}')).toBeInTheDocument();

    rerender(<JsonTree value="just text" />);
    expect(screen.getByText('"just text"')).toBeInTheDocument();
  });

  it('shows the first hundred items of a long list and the rest on demand', async () => {
    const many = Array.from({ length: 130 }, (_, i) => i * 1000);
    render(<JsonTree value={many} />);

    expect(screen.getByText('99000')).toBeInTheDocument();
    expect(screen.queryByText('100000')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Show 30 more' }));

    expect(screen.getByText('129000')).toBeInTheDocument();
  });
});

describe('JsonView', () => {
  it('switches between the tree and the raw JSON', async () => {
    render(<JsonView value={{ sku: 'demo_1' }} label="Outputs" />);
    const view = screen.getByRole('region', { name: 'Outputs' });
    expect(within(view).getByText('"demo_1"')).toBeInTheDocument();

    await userEvent.click(within(view).getByRole('button', { name: 'Raw JSON' }));

    expect(view.querySelector('pre')?.textContent).toBe('{\n  "sku": "demo_1"\n}');
  });

  it('says when there is no data', () => {
    render(<JsonView value={null} label="Outputs" />);

    expect(screen.getByText('No data.')).toBeInTheDocument();
  });
});
