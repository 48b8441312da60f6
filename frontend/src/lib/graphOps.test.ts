import { describe, expect, it } from 'vitest';
import { spec } from '../test/nodeSpecs';
import type { CanvasNode } from './flowTypes';
import { copySelection, documentToFlow, flowToDocument, newNodeFromSpec, pasteContent, uniqueId } from './graphOps';
import type { WorkflowDocument } from './workflowDocument';

const document: WorkflowDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'hook', type: 'core.trigger.webhook', typeVersion: 1, name: 'Order', config: {}, position: { x: 0, y: 0 } },
    {
      id: 'map',
      type: 'core.jsonata.map',
      typeVersion: 1,
      name: 'Map',
      config: { expression: 'order' },
      position: { x: 280, y: 0 },
      connection: null,
    },
  ],
  edges: [{ id: 'e1', source: 'hook', sourcePort: 'main', target: 'map', targetPort: 'main' }],
  settings: { businessKey: 'order.reference' },
};

describe('document and canvas', () => {
  it('round-trips a document through the canvas', () => {
    const flow = documentToFlow(document);
    const back = flowToDocument(flow.nodes, flow.edges, document.settings);
    expect(back.nodes.map((n) => n.id)).toEqual(['hook', 'map']);
    expect(back.nodes[1]).toEqual({
      id: 'map',
      type: 'core.jsonata.map',
      typeVersion: 1,
      name: 'Map',
      config: { expression: 'order' },
      position: { x: 280, y: 0 },
    });
    expect(back.edges).toEqual(document.edges);
    expect(back.settings).toEqual({ businessKey: 'order.reference' });
  });

  it('leaves sticky notes out of the saved document', () => {
    const flow = documentToFlow(document);
    const note: CanvasNode = { id: 'note', type: 'sticky', position: { x: 0, y: 0 }, data: { text: 'hi' } };
    expect(flowToDocument([...flow.nodes, note], flow.edges).nodes).toHaveLength(2);
  });
});

describe('new nodes', () => {
  it('gives ids from the type, unique in the workflow', () => {
    expect(uniqueId('map', new Set(['map', 'map_2']))).toBe('map_3');
    expect(uniqueId('bad id!', new Set())).toBe('bad_id');
  });

  it('fills config with the schema defaults', () => {
    const node = newNodeFromSpec(spec('core.http.request'), { x: 5, y: 6 }, new Set());
    expect(node.id).toBe('request');
    expect(node.data.config.method).toBe('GET');
    expect(node.data.config.headers).toEqual({});
    expect(node.position).toEqual({ x: 5, y: 6 });
  });
});

describe('copy and paste', () => {
  it('copies the selected nodes with only the edges between them', () => {
    const flow = documentToFlow(document);
    const nodes = flow.nodes.map((n) => ({ ...n, selected: n.id === 'map' }));
    const copied = JSON.parse(copySelection(nodes, flow.edges) ?? '{}');
    expect(copied.nodes.map((n: { id: string }) => n.id)).toEqual(['map']);
    expect(copied.edges).toEqual([]);
  });

  it('pastes with fresh ids, edges renamed, shifted and selected', () => {
    const flow = documentToFlow(document);
    const nodes = flow.nodes.map((n) => ({ ...n, selected: true }));
    const text = copySelection(nodes, flow.edges) as string;
    const pasted = pasteContent(text, new Set(['hook', 'map', 'e1']), { x: 40, y: 40 });
    expect(pasted?.nodes.map((n) => n.id)).toEqual(['hook_2', 'map_2']);
    expect(pasted?.nodes[1]?.position).toEqual({ x: 320, y: 40 });
    expect(pasted?.nodes.every((n) => n.selected)).toBe(true);
    expect(pasted?.edges.map((e) => [e.source, e.target])).toEqual([['hook_2', 'map_2']]);
  });

  it('pastes a bare workflow document too (from another workflow or a file)', () => {
    const pasted = pasteContent(JSON.stringify(document), new Set(), { x: 0, y: 0 });
    expect(pasted?.nodes).toHaveLength(2);
    expect(pasted?.edges).toHaveLength(1);
  });

  it('ignores text that is not a copied workflow', () => {
    expect(pasteContent('hello', new Set(), { x: 0, y: 0 })).toBeNull();
    expect(pasteContent('{"a": 1}', new Set(), { x: 0, y: 0 })).toBeNull();
  });
});
