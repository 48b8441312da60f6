import { describe, expect, it } from 'vitest';
import { diffDocuments, isEmptyDiff } from './versionDiff';
import type { WorkflowDocument } from './workflowDocument';

const before: WorkflowDocument = {
  schemaVersion: 1,
  nodes: [
    { id: 'hook', type: 'core.trigger.webhook', typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
    { id: 'map', type: 'core.jsonata.map', typeVersion: 1, config: { expression: 'a', mode: 'each' } },
    { id: 'old', type: 'core.set', typeVersion: 1, config: {} },
  ],
  edges: [{ id: 'e1', source: 'hook', target: 'map' }],
};

describe('diffDocuments', () => {
  it('finds nodes added, removed and changed with the changed fields', () => {
    const after: WorkflowDocument = {
      schemaVersion: 1,
      nodes: [
        { id: 'hook', type: 'core.trigger.webhook', typeVersion: 1, config: {}, position: { x: 10, y: 0 } },
        { id: 'map', type: 'core.jsonata.map', typeVersion: 1, name: 'Map', config: { expression: 'b', mode: 'each' } },
        { id: 'new', type: 'core.http.request', typeVersion: 1, config: {} },
      ],
      edges: [
        { id: 'e1', source: 'hook', target: 'map' },
        { id: 'e2', source: 'map', target: 'new' },
      ],
    };
    const diff = diffDocuments(before, after);
    expect(diff.added.map((n) => n.id)).toEqual(['new']);
    expect(diff.removed.map((n) => n.id)).toEqual(['old']);
    expect(diff.changed).toEqual([{ id: 'map', name: 'Map', fields: ['name', 'config.expression'] }]);
    expect(diff.moved).toEqual(['hook']);
    expect(diff.edgesAdded.map((e) => e.id)).toEqual(['e2']);
    expect(diff.edgesRemoved).toEqual([]);
  });

  it('finds notes added, removed and changed with the changed fields', () => {
    const size = { width: 220, height: 140 };
    const withNotes: WorkflowDocument = {
      ...before,
      annotations: [
        { id: 'keep', text: 'Ask finance', position: { x: 0, y: 0 }, size },
        { id: 'gone', text: 'Old idea', position: { x: 0, y: 200 }, size },
      ],
    };
    const after: WorkflowDocument = {
      ...before,
      annotations: [
        { id: 'keep', text: 'Ask finance about VAT', position: { x: 0, y: 0 }, size, color: 'blue' },
        { id: 'fresh', text: 'New', position: { x: 50, y: 50 }, size },
      ],
    };
    const diff = diffDocuments(withNotes, after);
    expect(diff.notesAdded.map((n) => n.id)).toEqual(['fresh']);
    expect(diff.notesRemoved.map((n) => n.id)).toEqual(['gone']);
    expect(diff.notesChanged).toEqual([{ id: 'keep', fields: ['text', 'color'] }]);
    expect(diff.added).toEqual([]);
    expect(isEmptyDiff(diffDocuments(before, { ...before, annotations: [] }))).toBe(true);
    expect(isEmptyDiff(diffDocuments(before, withNotes))).toBe(false);
  });

  it('sees no change when only key order differs', () => {
    const same: WorkflowDocument = {
      ...before,
      nodes: before.nodes.map((n) => ({ ...n, config: Object.fromEntries(Object.entries(n.config ?? {}).reverse()) })),
    };
    expect(isEmptyDiff(diffDocuments(before, same))).toBe(true);
  });
});
