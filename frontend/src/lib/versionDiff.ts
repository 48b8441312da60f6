// What changed between two versions of a workflow: nodes added, removed or changed, edges, and sticky notes.
import type { DocAnnotation, DocEdge, DocNode, WorkflowDocument } from './workflowDocument';

export interface NodeChange {
  id: string;
  name: string;
  /** Top-level fields that differ: config keys as `config.<key>`, else name, connection, retry, … */
  fields: string[];
}

export interface NoteChange {
  id: string;
  /** Which of text, color, size, position differ. */
  fields: string[];
}

export interface VersionDiff {
  added: DocNode[];
  removed: DocNode[];
  changed: NodeChange[];
  moved: string[];
  edgesAdded: DocEdge[];
  edgesRemoved: DocEdge[];
  notesAdded: DocAnnotation[];
  notesRemoved: DocAnnotation[];
  notesChanged: NoteChange[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const NODE_FIELDS = [
  'type',
  'typeVersion',
  'name',
  'connection',
  'retry',
  'timeoutSeconds',
  'disabled',
  'notes',
] as const;

function changedFields(before: DocNode, after: DocNode): string[] {
  const fields: string[] = [];
  for (const field of NODE_FIELDS) {
    if (!same(before[field] ?? null, after[field] ?? null)) fields.push(field);
  }
  const a = before.config ?? {};
  const b = after.config ?? {};
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (!same(a[key], b[key])) fields.push(`config.${key}`);
  }
  return fields;
}

function edgeKey(e: DocEdge): string {
  return `${e.source}:${e.sourcePort ?? 'main'}>${e.target}:${e.targetPort ?? 'main'}`;
}

const NOTE_FIELDS = ['text', 'color', 'size', 'position'] as const;

function diffNotes(before: DocAnnotation[], after: DocAnnotation[], diff: VersionDiff): void {
  const old = new Map(before.map((n) => [n.id, n]));
  const now = new Set(after.map((n) => n.id));
  for (const note of after) {
    const was = old.get(note.id);
    if (!was) {
      diff.notesAdded.push(note);
      continue;
    }
    const fields = NOTE_FIELDS.filter((field) => !same(was[field] ?? null, note[field] ?? null));
    if (fields.length) diff.notesChanged.push({ id: note.id, fields: [...fields] });
  }
  diff.notesRemoved = before.filter((n) => !now.has(n.id));
}

export function diffDocuments(before: WorkflowDocument, after: WorkflowDocument): VersionDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const diff: VersionDiff = {
    added: [],
    removed: [],
    changed: [],
    moved: [],
    edgesAdded: [],
    edgesRemoved: [],
    notesAdded: [],
    notesRemoved: [],
    notesChanged: [],
  };
  for (const node of after.nodes) {
    const was = old.get(node.id);
    if (!was) {
      diff.added.push(node);
      continue;
    }
    const fields = changedFields(was, node);
    if (fields.length) diff.changed.push({ id: node.id, name: node.name ?? node.id, fields });
    else if (!same(was.position ?? null, node.position ?? null)) diff.moved.push(node.id);
  }
  for (const node of before.nodes) if (!now.has(node.id)) diff.removed.push(node);
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  diff.edgesAdded = after.edges.filter((e) => !oldEdges.has(edgeKey(e)));
  diff.edgesRemoved = before.edges.filter((e) => !newEdges.has(edgeKey(e)));
  diffNotes(before.annotations ?? [], after.annotations ?? [], diff);
  return diff;
}

export function isEmptyDiff(diff: VersionDiff): boolean {
  return !(
    diff.added.length ||
    diff.removed.length ||
    diff.changed.length ||
    diff.moved.length ||
    diff.edgesAdded.length ||
    diff.edgesRemoved.length ||
    diff.notesAdded.length ||
    diff.notesRemoved.length ||
    diff.notesChanged.length
  );
}
