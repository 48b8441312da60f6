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
