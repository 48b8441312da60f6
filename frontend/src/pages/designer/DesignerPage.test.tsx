import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Workflow } from '../../api/types';
import { mockFetch, problem } from '../../test/fetchMock';
import { SPECS } from '../../test/nodeSpecs';
import { DesignerPage } from './DesignerPage';

beforeAll(() => {
  // jsdom has no layout; React Flow only needs these to exist.
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
});

afterEach(() => {
  localStorage.clear();
});

const workflow: Workflow = {
  id: '11111111-2222-3333-4444-555555555555',
  name: 'Orders to M3',
  description: '',
  activeVersion: null,
  latestVersion: 1,
  paused: false,
  hookUrl: '/hooks/tok',
  createdAt: '2026-01-01T10:00:00Z',
  updatedAt: '2026-01-01T10:00:00Z',
  lastRun: null,
};
const BASE = `/api/v1/workflows/${workflow.id}`;
const VERSION = {
  id: 1,
  number: 1,
  contentHash: 'h1',
  message: '',
  createdAt: '2026-01-01T10:00:00Z',
  createdBy: 'demo',
  document: {
    schemaVersion: 1,
    nodes: [
      {
        id: 'hook',
        type: 'core.trigger.webhook',
        typeVersion: 1,
        name: 'Order in',
        config: {},
        position: { x: 0, y: 0 },
      },
      {
        id: 'call',
        type: 'core.http.request',
        typeVersion: 1,
        name: 'Call M3',
        config: { method: 'GET', url: "'x'" },
        position: { x: 260, y: 0 },
      },
    ],
    edges: [{ id: 'e1', source: 'hook', target: 'call' }],
  },
};

function routes(extra: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    [`GET ${BASE}/`]: { body: workflow },
    [`GET ${BASE}/versions/1/`]: { body: VERSION },
    'GET /api/v1/node-types/': { body: SPECS },
    'GET /api/v1/credential-types/': { body: [] },
    'GET /api/v1/connections/': { body: { count: 0, next: null, previous: null, results: [] } },
    ...extra,
  });
}

function renderPage() {
  return render(
    <MemoryRouter initialEntries={[`/workflows/${workflow.id}/design`]}>
      <Routes>
        <Route path="/workflows/:workflowId/design" element={<DesignerPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('DesignerPage', () => {
  it('says so, without details, when the workflow cannot be loaded', async () => {
    mockFetch({
      [`GET ${BASE}/`]: problem(404, 'No such workflow.'),
      'GET /api/v1/node-types/': { body: SPECS },
      'GET /api/v1/credential-types/': { body: [] },
    });
    renderPage();
    expect(screen.getByText('Opening the designer…')).toBeInTheDocument();
    expect(await screen.findByRole('alert')).toHaveTextContent('No such workflow.');
  });

  it('opens the latest version on the canvas', async () => {
    routes();
    renderPage();
    expect(await screen.findByTestId('node-call')).toHaveTextContent('Call M3');
    expect(screen.getByTestId('designer-version')).toHaveTextContent('v1');
    expect(screen.queryByTestId('unsaved')).not.toBeInTheDocument();
  });

  it('puts the server’s problems on the nodes when a save is refused', async () => {
    const calls = routes({
      [`POST ${BASE}/versions/`]: problem(400, 'The workflow is not valid.', {
        problems: [
          { nodeId: 'call', field: 'config.url', message: 'JSONata S0202 at character 2', code: 'expression' },
        ],
      }),
    });
    renderPage();
    await screen.findByTestId('node-call');
    await userEvent.click(screen.getByRole('button', { name: 'Auto-layout' }));
    await userEvent.click(screen.getByTestId('save'));
    expect(await screen.findByTestId('designer-banner')).toHaveTextContent(
      'Not saved: 1 problem(s), marked on the nodes.',
    );
    expect(screen.getByTestId('node-problems-call')).toHaveTextContent('1');
    const saved = calls.find((c) => c.method === 'POST');
    expect(saved?.body).toMatchObject({ baseVersion: 1 });
  });

  it('shows a conflict and keeps the changes when someone else saved first', async () => {
    routes({
      [`POST ${BASE}/versions/`]: problem(409, 'You edited version 1, but version 2 (saved by grace) is the latest.'),
    });
    renderPage();
    await screen.findByTestId('node-call');
    await userEvent.click(screen.getByRole('button', { name: 'Auto-layout' }));
    await userEvent.click(screen.getByTestId('save'));
    expect(await screen.findByTestId('conflict')).toHaveTextContent('saved by grace');
    expect(screen.getByTestId('unsaved')).toBeInTheDocument();
  });

  it('saves with If-Match naming the loaded version, and shows a 412 as a conflict', async () => {
    const calls = routes({
      [`POST ${BASE}/versions/`]: problem(412, 'If-Match does not match version 2, the latest.'),
    });
    renderPage();
    await screen.findByTestId('node-call');
    await userEvent.click(screen.getByRole('button', { name: 'Auto-layout' }));
    await userEvent.click(screen.getByTestId('save'));
    expect(await screen.findByTestId('conflict')).toHaveTextContent('does not match version 2');
    expect(screen.getByTestId('unsaved')).toBeInTheDocument();
    const saved = calls.find((c) => c.method === 'POST');
    expect(saved?.headers['If-Match']).toBe('"h1"');
    expect(saved?.body).toMatchObject({ baseVersion: 1 });
  });

  it('moves notes kept in this browser into the saved version, then forgets them', async () => {
    const key = `ferry.designer.notes.${workflow.id}`;
    localStorage.setItem(key, JSON.stringify([{ id: 'note', text: 'Ask finance', x: 0, y: 300 }]));
    const calls = routes({
      [`POST ${BASE}/versions/`]: (request) => ({
        status: 201,
        body: { ...VERSION, number: 2, contentHash: 'h2', document: (request.body as { document: unknown }).document },
      }),
    });
    renderPage();
    await screen.findByTestId('sticky-note');
    expect(screen.getByTestId('unsaved')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('save'));
    expect(await screen.findByTestId('designer-banner')).toHaveTextContent('Saved as version 2.');
    const saved = calls.find((c) => c.method === 'POST');
    expect((saved?.body as { document: { annotations: unknown } }).document.annotations).toEqual([
      { id: 'note', text: 'Ask finance', position: { x: 0, y: 300 }, size: { width: 220, height: 140 } },
    ]);
    expect(localStorage.getItem(key)).toBeNull();
  });
});
