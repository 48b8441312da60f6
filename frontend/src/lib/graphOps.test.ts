import { describe, expect, it } from 'vitest';
import { spec } from '../test/nodeSpecs';
import type { CanvasNode } from './flowTypes';
import {
  copySelection,
  documentToFlow,
  flowToDocument,
  newNodeFromSpec,
  pasteContent,
  stickyToAnnotation,
  uniqueId,
} from './graphOps';
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

  it('saves sticky notes as annotations, not nodes, and reads them back', () => {
    const flow = documentToFlow(document);
    const note: CanvasNode = {
      id: 'note',
      type: 'sticky',
      position: { x: 10.4, y: -20 },
      data: { text: 'Ask finance', color: 'blue' },
      style: { width: 300, height: 120 },
    };
    const saved = flowToDocument([...flow.nodes, note], flow.edges);
    expect(saved.nodes).toHaveLength(2);
    expect(saved.annotations).toEqual([
      {
        id: 'note',
        text: 'Ask finance',
        position: { x: 10, y: -20 },
        size: { width: 300, height: 120 },
        color: 'blue',
      },
    ]);
    const again = documentToFlow(saved);
    expect(again.nodes[2]).toMatchObject({ id: 'note', type: 'sticky', data: { text: 'Ask finance', color: 'blue' } });
    expect(flowToDocument(again.nodes, again.edges)).toEqual(saved);
    expect('annotations' in flowToDocument(flow.nodes, flow.edges)).toBe(false);
  });

  it('renames a note whose id a node already has', () => {
    const withNote: WorkflowDocument = {
      ...document,
      annotations: [{ id: 'map', text: 'clash', position: { x: 0, y: 0 }, size: { width: 200, height: 100 } }],
    };
    expect(documentToFlow(withNote).nodes.map((n) => n.id)).toEqual(['hook', 'map', 'map_2']);
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

  it('copies and pastes notes with their text, size and colour under fresh ids', () => {
    const note: CanvasNode = {
      id: 'note',
      type: 'sticky',
      position: { x: 5, y: 5 },
      data: { text: 'Check VAT', color: 'pink' },
      style: { width: 260, height: 90 },
      selected: true,
    };
    const text = copySelection([note], []) as string;
    const pasted = pasteContent(text, new Set(['note']), { x: 40, y: 40 });
    expect(pasted?.nodes).toEqual([
      {
        id: 'note_2',
        type: 'sticky',
        position: { x: 45, y: 45 },
        data: { text: 'Check VAT', color: 'pink' },
        style: { width: 260, height: 90 },
        selected: true,
      },
    ]);
    const fromDocument = pasteContent(
      JSON.stringify({ ...document, annotations: [stickyToAnnotation(note)] }),
      new Set(),
      {
        x: 0,
        y: 0,
      },
    );
    expect(fromDocument?.nodes.map((n) => n.type)).toEqual(['ferry', 'ferry', 'sticky']);
  });

  it('ignores text that is not a copied workflow', () => {
    expect(pasteContent('hello', new Set(), { x: 0, y: 0 })).toBeNull();
    expect(pasteContent('{"a": 1}', new Set(), { x: 0, y: 0 })).toBeNull();
  });
});
