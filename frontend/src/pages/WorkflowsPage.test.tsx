import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Workflow } from '../api/types';
import { mockFetch, problem } from '../test/fetchMock';
import { WorkflowsPage, absoluteUrl, hookPath } from './WorkflowsPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const workflow: Workflow = {
  id: 'wf-1',
  name: 'Orders to M3',
  description: 'PrestaShop orders become M3 customer orders.',
  activeVersion: 2,
  latestVersion: 3,
  paused: true,
  hookUrl: 'http://ferry.local:8000/hooks/tok123',
  createdAt: '2026-01-01T10:00:00Z',
  updatedAt: '2026-01-01T10:00:00Z',
  lastRun: { id: 'run-9', status: 'failed', createdAt: '2026-01-01T10:00:00Z' },
};

function renderPage() {
  return render(
    <MemoryRouter initialEntries={['/workflows']}>
      <WorkflowsPage />
    </MemoryRouter>,
  );
}

describe('WorkflowsPage', () => {
  it('shows versions, pause state, the last run and the hook path', async () => {
    mockFetch({ 'GET /api/v1/workflows/': { body: { count: 1, next: null, previous: null, results: [workflow] } } });
    renderPage();

    const row = await screen.findByTestId('workflow-row');
    expect(row).toHaveTextContent('v2');
    expect(row).toHaveTextContent('v3');
    expect(row).toHaveTextContent('Paused');
    expect(within(row).getByText('Failed')).toHaveClass('badge--danger');
    expect(within(row).getByTestId('last-run-link')).toHaveAttribute('href', '/runs/run-9');
    expect(within(row).getByText('/hooks/tok123')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: /Copy: http:\/\/ferry.local:8000\/hooks\/tok123/ })).toBeVisible();
  });

  it('says when there are no workflows', async () => {
    mockFetch({ 'GET /api/v1/workflows/': { body: { count: 0, next: null, previous: null, results: [] } } });
    renderPage();

    expect(await screen.findByText('No workflows yet')).toBeInTheDocument();
  });

  it('shows the problem detail when the list cannot load', async () => {
    mockFetch({ 'GET /api/v1/workflows/': problem(503, 'The database is unavailable.') });
    renderPage();

    expect(await screen.findByRole('alert')).toHaveTextContent('The database is unavailable.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('hook URLs', () => {
  it('show the path and copy the full address', () => {
    expect(hookPath('http://ferry.local/hooks/abc')).toBe('/hooks/abc');
    expect(hookPath('/hooks/abc')).toBe('/hooks/abc');
    expect(absoluteUrl('/hooks/abc', 'https://ferry.example')).toBe('https://ferry.example/hooks/abc');
  });
});
