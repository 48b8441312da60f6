import { describe, expect, it } from 'vitest';
import { fileNameFor, parseWorkflowFile, toWorkflowFile } from './workflowFile';
import type { WorkflowDocument } from './workflowDocument';

const document: WorkflowDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'call', type: 'core.http.request', typeVersion: 1, connection: '5f8e5b7e-1d1c-4c1e-9f57-5d0c1a2b3c4d' },
  ],
  edges: [],
};

describe('workflow files', () => {
  it('writes the format the CLI reads, keeping connection references', () => {
    const text = toWorkflowFile({ name: 'Orders', description: 'd', document });
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual(['ferryWorkflow', 'name', 'description', 'document']);
    expect(data.ferryWorkflow).toBe(1);
    expect(data.document.nodes[0].connection).toBe('5f8e5b7e-1d1c-4c1e-9f57-5d0c1a2b3c4d');
  });

  it('reads back what it wrote', () => {
    expect(parseWorkflowFile(toWorkflowFile({ name: 'Orders', description: 'd', document }), 'x')).toEqual({
      name: 'Orders',
      description: 'd',
      document,
    });
  });

  it('carries the sticky notes out and back in', () => {
    const note = { id: 'note', text: 'Ask finance', position: { x: 0, y: 0 }, size: { width: 220, height: 140 } };
    const text = toWorkflowFile({ name: 'Orders', description: '', document: { ...document, annotations: [note] } });
    const back = parseWorkflowFile(text, 'x');
    expect(typeof back === 'string' ? back : back.document.annotations).toEqual([note]);
  });

  it('reads a bare document, named after the file', () => {
    expect(parseWorkflowFile(JSON.stringify(document), 'orders')).toMatchObject({ name: 'orders', document });
  });

  it('explains what is wrong with a file it cannot read', () => {
    expect(parseWorkflowFile('{', 'x')).toBe('The file is not valid JSON.');
    expect(parseWorkflowFile('[]', 'x')).toBe('A workflow file holds a JSON object.');
    expect(parseWorkflowFile('{"ferryWorkflow": 2, "document": {}}', 'x')).toMatch(/format 2/);
    expect(parseWorkflowFile('{"document": {"nodes": []}}', 'x')).toBe("The document has no 'edges' list.");
    expect(parseWorkflowFile('{"hello": 1}', 'x')).toMatch(/neither/);
  });

  it('names the download after the workflow', () => {
    expect(fileNameFor('Shop orders → M3!')).toBe('shop-orders-m3.ferry.json');
  });
});
