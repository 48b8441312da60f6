// Pure operations on the canvas graph: to and from the saved document, new ids, copy and paste.
import type { NodeSpec } from '../api/designer';
import type { CanvasEdge, CanvasNode, FerryNode, StickyNode } from './flowTypes';
import type { DocAnnotation, DocEdge, DocNode, WorkflowDocument, WorkflowSettings } from './workflowDocument';

export const CLIPBOARD_MARK = 'ferryClipboard';

/** A document id from a base (letters, digits, _ . : -), unique among `taken`. */
export function uniqueId(base: string, taken: Set<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_.:-]+/g, '_').replace(/^_+|_+$/g, '') || 'node';
  if (!taken.has(clean)) return clean;
  let n = 2;
  while (taken.has(`${clean}_${n}`)) n += 1;
  return `${clean}_${n}`;
}

/** The id a new node of a type gets: the last part of its type id (map, request, webhook). */
export function baseIdFor(typeId: string): string {
  return typeId.split('.').pop() ?? 'node';
}

export function docNodeToFlow(node: DocNode): FerryNode {
  return {
    id: node.id,
    type: 'ferry',
    position: { x: node.position?.x ?? 0, y: node.position?.y ?? 0 },
    data: {
      type: node.type,
      typeVersion: node.typeVersion,
      name: node.name ?? node.id,
      config: node.config ?? {},
      connection: node.connection ?? null,
      retry: node.retry ?? null,
      timeoutSeconds: node.timeoutSeconds ?? null,
      disabled: node.disabled ?? false,
      notes: node.notes ?? '',
    },
  };
}

export function docEdgeToFlow(edge: DocEdge): CanvasEdge {
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: edge.sourcePort ?? 'main',
    targetHandle: edge.targetPort ?? 'main',
  };
}

export const STICKY_SIZE = { width: 220, height: 140 };

export function annotationToFlow(note: DocAnnotation, id: string = note.id): StickyNode {
  const data: StickyNode['data'] = { text: String(note.text ?? '') };
  if (note.color) data.color = note.color;
  return {
    id,
    type: 'sticky',
    position: { x: Number(note.position?.x) || 0, y: Number(note.position?.y) || 0 },
    data,
    style: {
      width: Number(note.size?.width) || STICKY_SIZE.width,
      height: Number(note.size?.height) || STICKY_SIZE.height,
    },
  };
}

function dimension(node: StickyNode, key: 'width' | 'height'): number {
  const style = node.style?.[key];
  const size = node[key] ?? (typeof style === 'number' ? style : undefined) ?? node.measured?.[key];
  return Math.max(1, Math.round(size ?? STICKY_SIZE[key]));
}

export function stickyToAnnotation(node: StickyNode): DocAnnotation {
  const note: DocAnnotation = {
    id: node.id,
    text: node.data.text,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    size: { width: dimension(node, 'width'), height: dimension(node, 'height') },
  };
  if (node.data.color) note.color = node.data.color;
  return note;
}

/** The canvas items of a document: its nodes and its notes (a note whose id a node has is renamed). */
export function documentToFlow(document: WorkflowDocument): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
  const nodes: CanvasNode[] = document.nodes.map(docNodeToFlow);
  const taken = new Set(nodes.map((n) => n.id));
  for (const note of document.annotations ?? []) {
    const id = uniqueId(note.id, taken);
    taken.add(id);
    nodes.push(annotationToFlow(note, id));
  }
  return { nodes, edges: document.edges.map(docEdgeToFlow) };
}

export function flowNodeToDoc(node: FerryNode): DocNode {
  const d = node.data;
  const doc: DocNode = {
    id: node.id,
    type: d.type,
    typeVersion: d.typeVersion,
    name: d.name,
    config: d.config,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
  };
  if (d.connection) doc.connection = d.connection;
  if (d.retry) doc.retry = d.retry;
  if (d.timeoutSeconds) doc.timeoutSeconds = d.timeoutSeconds;
  if (d.disabled) doc.disabled = true;
  if (d.notes) doc.notes = d.notes;
  return doc;
}

export function flowEdgeToDoc(edge: CanvasEdge): DocEdge {
  return {
    id: edge.id,
    source: edge.source,
    sourcePort: edge.sourceHandle ?? 'main',
    target: edge.target,
    targetPort: edge.targetHandle ?? 'main',
  };
}

/** The document to save: Ferry nodes, the edges between them, and the sticky notes (left out when none). */
export function flowToDocument(
  nodes: CanvasNode[],
  edges: CanvasEdge[],
  settings: WorkflowSettings = {},
): WorkflowDocument {
  const ferry = nodes.filter((n): n is FerryNode => n.type === 'ferry');
  const ids = new Set(ferry.map((n) => n.id));
  const document: WorkflowDocument = {
    schemaVersion: 1,
    nodes: ferry.map(flowNodeToDoc),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(flowEdgeToDoc),
    settings,
  };
  const notes = nodes.filter((n): n is StickyNode => n.type === 'sticky');
  if (notes.length) document.annotations = notes.map(stickyToAnnotation);
  return document;
}

/** A fresh node of a type, its config filled with the schema's defaults. */
export function newNodeFromSpec(spec: NodeSpec, position: { x: number; y: number }, taken: Set<string>): FerryNode {
  const id = uniqueId(baseIdFor(spec.typeId), taken);
  const properties = (spec.configSchema.properties ?? {}) as Record<string, { default?: unknown }>;
  const config: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(properties)) {
    if (prop && 'default' in prop) config[key] = structuredClone(prop.default);
  }
  return docNodeToFlow({ id, type: spec.typeId, typeVersion: spec.version, name: spec.displayName, config, position });
}

export function newSticky(position: { x: number; y: number }, taken: Set<string>): StickyNode {
  return {
    id: uniqueId('note', taken),
    type: 'sticky',
    position,
    data: { text: '' },
    style: { ...STICKY_SIZE },
  };
}

/** Where a node added "after" another goes: to its right, below anything already there. */
export function positionAfter(anchor: CanvasNode | undefined, nodes: CanvasNode[]): { x: number; y: number } {
  if (!anchor) {
    const right = nodes.reduce((max, n) => Math.max(max, n.position.x), -280);
    return { x: right + 280, y: 0 };
  }
  let y = anchor.position.y;
  const x = anchor.position.x + 280;
  while (nodes.some((n) => Math.abs(n.position.x - x) < 120 && Math.abs(n.position.y - y) < 60)) y += 120;
  return { x, y };
}

export interface ClipboardContent {
  nodes: DocNode[];
  edges: DocEdge[];
  notes: DocAnnotation[];
}

/** The selected nodes and the edges between them, as JSON that pastes into any workflow. */
export function copySelection(nodes: CanvasNode[], edges: CanvasEdge[]): string | null {
  const chosen = nodes.filter((n) => n.selected);
  if (!chosen.length) return null;
  const ids = new Set(chosen.map((n) => n.id));
  const content: ClipboardContent & { [CLIPBOARD_MARK]: 1 } = {
    [CLIPBOARD_MARK]: 1,
    nodes: chosen.filter((n): n is FerryNode => n.type === 'ferry').map(flowNodeToDoc),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(flowEdgeToDoc),
    notes: chosen.filter((n): n is StickyNode => n.type === 'sticky').map(stickyToAnnotation),
  };
  return JSON.stringify(content, null, 2);
}

function isNote(value: unknown): value is DocAnnotation {
  if (typeof value !== 'object' || value === null) return false;
  const position = (value as DocAnnotation).position;
  return typeof position === 'object' && position !== null;
}

/**
 * Turns copied JSON (ours, or a bare workflow document with its annotations) into new canvas items with fresh ids, shifted by
 * `offset`. Null when the text is not something that can be pasted.
 */
export function pasteContent(
  text: string,
  taken: Set<string>,
  offset: { x: number; y: number },
): { nodes: CanvasNode[]; edges: CanvasEdge[] } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !Array.isArray((value as ClipboardContent).nodes)) return null;
  const content = value as Partial<ClipboardContent>;
  const used = new Set(taken);
  const renamed = new Map<string, string>();
  const nodes: CanvasNode[] = [];
  for (const doc of content.nodes ?? []) {
    if (typeof doc?.id !== 'string' || typeof doc.type !== 'string') return null;
    const id = uniqueId(doc.id, used);
    used.add(id);
    renamed.set(doc.id, id);
    const node = docNodeToFlow({
      ...doc,
      id,
      typeVersion: doc.typeVersion ?? 1,
      position: { x: (doc.position?.x ?? 0) + offset.x, y: (doc.position?.y ?? 0) + offset.y },
    });
    nodes.push({ ...node, selected: true });
  }
  const notes = [...(content.notes ?? []), ...((value as Partial<WorkflowDocument>).annotations ?? [])];
  for (const note of notes.filter(isNote)) {
    const id = uniqueId(typeof note.id === 'string' ? note.id : 'note', used);
    used.add(id);
    const position = { x: (Number(note.position.x) || 0) + offset.x, y: (Number(note.position.y) || 0) + offset.y };
    nodes.push({ ...annotationToFlow({ ...note, position }, id), selected: true });
  }
  const edges: CanvasEdge[] = [];
  for (const edge of content.edges ?? []) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (!source || !target) continue;
    const id = uniqueId(`e_${source}_${target}`, used);
    used.add(id);
    edges.push(docEdgeToFlow({ ...edge, id, source, target }));
  }
  return { nodes, edges };
}
