import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatusBadge, statusTone } from './StatusBadge';

describe('StatusBadge', () => {
  it('shows the status in words with the colour of its tone', () => {
    render(<StatusBadge status="retry_wait" />);

    const badge = screen.getByText('Retry wait');
    expect(badge).toHaveClass('badge', 'badge--warning');
    expect(badge).toHaveAttribute('data-status', 'retry_wait');
  });

  it('colours success green, failure red and running blue', () => {
    expect(statusTone('succeeded')).toBe('success');
    expect(statusTone('failed')).toBe('danger');
    expect(statusTone('running')).toBe('info');
    expect(statusTone('cancelled')).toBe('muted');
  });

  it('gives an unknown status a neutral badge instead of failing', () => {
    render(<StatusBadge status="teleporting" />);

    expect(screen.getByText('Teleporting')).toHaveClass('badge--neutral');
  });
});
