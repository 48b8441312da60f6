import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary';

function Broken(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'steps')");
}

describe('ErrorBoundary', () => {
  it('shows a plain message, not the error, when a screen fails to render', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);

    render(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );

    expect(screen.getByRole('alert')).toHaveTextContent('This screen could not be shown');
    expect(document.body).not.toHaveTextContent('Cannot read properties');
  });
});
