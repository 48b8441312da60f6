import { beforeEach, describe, expect, it } from 'vitest';
import { SPECS, spec } from '../test/nodeSpecs';
import { useDesigner } from './designer';
import type { WorkflowDocument } from '../lib/workflowDocument';

const document: WorkflowDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'webhook', type: 'core.trigger.webhook', typeVersion: 1, name: 'Hook', config: {}, position: { x: 0, y: 0 } },
  ],
  edges: [],
};

const state = () => useDesigner.getState();

describe('designer store', () => {
  beforeEach(() => {
    state().setSpecs(SPECS);
    state().load(document);
  });

  it('adds a clicked node after the selected one and joins them', () => {
    state().select('webhook');
    const id = state().addNode(spec('core.jsonata.map'));
    expect(id).toBe('map');
    expect(state().edges.map((e) => [e.source, e.target])).toEqual([['webhook', 'map']]);
    expect(state().selectedId).toBe('map');
    expect(state().isDirty()).toBe(true);
  });

  it('undoes and redoes edits', () => {
    state().addNode(spec('core.jsonata.map'), { x: 300, y: 0 });
    expect(state().nodes).toHaveLength(2);
    state().undo();
    expect(state().nodes).toHaveLength(1);
    expect(state().isDirty()).toBe(false);
    state().redo();
    expect(state().nodes).toHaveLength(2);
  });

  it('refuses a connection into a trigger and keeps the reason to show', () => {
    state().addNode(spec('core.jsonata.map'), { x: 300, y: 0 });
    state().connect({ source: 'map', sourceHandle: 'main', target: 'webhook', targetHandle: 'main' });
    expect(state().edges).toEqual([]);
    expect(state().hint).toMatch(/trigger/);
  });

  it('marks required config left empty on the node, and the server’s problems too', () => {
    state().addNode(spec('core.http.request'), { x: 300, y: 0 });
    expect(state().problems.request?.map((p) => p.field)).toEqual(['config.url']);
    state().setServerProblems([
      { nodeId: 'webhook', field: 'connection', message: 'Unknown connection.', code: 'connection' },
    ]);
    expect(state().problems.webhook?.[0]?.message).toBe('Unknown connection.');
    state().updateNode('webhook', { connection: null });
    expect(state().problems.webhook).toBeUndefined();
  });

  it('deletes the selection with its edges, and pastes copies with new ids', () => {
    state().select('webhook');
    state().addNode(spec('core.jsonata.map'));
    useDesigner.setState({ nodes: state().nodes.map((n) => ({ ...n, selected: true })) });
    const copied = state().copy() as string;
    expect(state().paste(copied)).toBe(true);
    expect(state().nodes.map((n) => n.id)).toEqual(['webhook', 'map', 'webhook_2', 'map_2']);
    expect(state().edges).toHaveLength(2);
    state().deleteSelected();
    expect(state().nodes.map((n) => n.id)).toEqual(['webhook', 'map']);
    expect(state().edges).toHaveLength(1);
  });

  it('records test step results and pins per node', () => {
    state().stepEvent('webhook', 'running');
    expect(state().runs.webhook?.status).toBe('running');
    const step = {
      id: 1,
      nodeId: 'webhook',
      nodeName: 'Hook',
      nodeType: 'core.trigger.webhook',
      attempt: 1,
      status: 'succeeded',
      inputs: {},
      outputs: { main: [{ json: 1 }] },
      error: null,
      startedAt: null,
      finishedAt: null,
      durationMs: 3,
    };
    state().applySteps([step]);
    expect(state().runs.webhook?.status).toBe('succeeded');
    state().pin('webhook', step.outputs);
    expect(state().pinned).toEqual({ webhook: { main: [{ json: 1 }] } });
    state().unpin('webhook');
    expect(state().pinned).toEqual({});
  });

  it('lays a large graph out and keeps every node', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => ({
      id: `n${i}`,
      type: 'core.set',
      typeVersion: 1,
      config: {},
    }));
    const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: `n${i}`, target: n.id }));
    state().load({
      schemaVersion: 1,
      nodes: [{ id: 'start', type: 'core.trigger.manual', typeVersion: 1 }, ...nodes],
      edges,
    });
    state().layout();
    expect(state().nodes).toHaveLength(201);
    expect(new Set(state().nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(201);
  });
});

describe('sticky notes in the document', () => {
  const withNote: WorkflowDocument = {
    ...document,
    annotations: [
      {
        id: 'note',
        text: 'Ask finance',
        position: { x: 40, y: 200 },
        size: { width: 300, height: 120 },
        color: 'blue',
      },
    ],
  };

  it('loads notes from the document and saves them back unchanged', () => {
    state().load(withNote);
    expect(state().nodes.map((n) => [n.id, n.type])).toEqual([
      ['webhook', 'ferry'],
      ['note', 'sticky'],
    ]);
    expect(state().isDirty()).toBe(false);
    expect(state().document()).toEqual({ ...withNote, settings: {} });
  });

  it('counts adding, editing and removing a note as unsaved changes', () => {
    state().load(withNote);
    state().updateSticky('note', 'Ask finance about VAT');
    expect(state().isDirty()).toBe(true);
    expect(state().document().annotations?.[0]).toMatchObject({ text: 'Ask finance about VAT', color: 'blue' });
    state().load(withNote);
    state().addSticky({ x: 0, y: 0 });
    expect(
      state()
        .document()
        .annotations?.map((a) => a.id),
    ).toEqual(['note', 'note_2']);
    state().load(withNote);
    state().onNodesChange([{ type: 'remove', id: 'note' }]);
    expect(state().document().annotations).toBeUndefined();
    expect(state().isDirty()).toBe(true);
  });

  it('marks notes brought from the browser as unsaved until saved', () => {
    state().load(document, [
      { id: 'local', type: 'sticky', position: { x: 0, y: 0 }, data: { text: 'From this browser' } },
    ]);
    expect(state().isDirty()).toBe(true);
    expect(
      state()
        .document()
        .annotations?.map((a) => a.text),
    ).toEqual(['From this browser']);
    state().markSaved();
    expect(state().isDirty()).toBe(false);
  });

  it('takes the notes of an imported or reopened document instead of the current ones', () => {
    state().load(withNote);
    state().replaceDocument(document);
    expect(state().nodes.some((n) => n.type === 'sticky')).toBe(false);
    state().undo();
    expect(
      state()
        .document()
        .annotations?.map((a) => a.id),
    ).toEqual(['note']);
  });

  it('copies and pastes a note with its text and colour', () => {
    state().load(withNote);
    state().onNodesChange([{ type: 'select', id: 'note', selected: true }]);
    const copied = state().copy() as string;
    expect(state().paste(copied)).toBe(true);
    const notes = state().document().annotations ?? [];
    expect(notes.map((a) => [a.id, a.text, a.color])).toEqual([
      ['note', 'Ask finance', 'blue'],
      ['note_2', 'Ask finance', 'blue'],
    ]);
  });
});
