// The workflow document as saved in versions (see the interfaces notes), and its empty form.

export interface DocPosition {
  x: number;
  y: number;
}

export interface DocNode {
  id: string;
  type: string;
  typeVersion: number;
  name?: string;
  config?: Record<string, unknown>;
  position?: DocPosition;
  connection?: string | null;
  retry?: Record<string, unknown> | null;
  timeoutSeconds?: number | null;
  disabled?: boolean;
  notes?: string;
}

export interface DocEdge {
  id: string;
  source: string;
  sourcePort?: string;
  target: string;
  targetPort?: string;
}

/** A sticky note: shown on the canvas, saved and versioned with the workflow, never run. */
export interface DocAnnotation {
  id: string;
  text: string;
  position: DocPosition;
  size: { width: number; height: number };
  color?: string;
}

export interface WorkflowSettings {
  businessKey?: string;
  timeoutSeconds?: number | null;
  coalesce?: 'none' | 'latest';
}

export interface WorkflowDocument {
  schemaVersion: 1;
  nodes: DocNode[];
  edges: DocEdge[];
  settings?: WorkflowSettings;
  annotations?: DocAnnotation[];
}

export function emptyDocument(): WorkflowDocument {
  return { schemaVersion: 1, nodes: [], edges: [], settings: { businessKey: '' } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads anything claimed to be a document; a value that is not one gives a sentence saying why. */
export function asDocument(value: unknown): WorkflowDocument | string {
  if (!isRecord(value)) return 'A workflow document is a JSON object.';
  if (!Array.isArray(value.nodes)) return "The document has no 'nodes' list.";
  if (!Array.isArray(value.edges)) return "The document has no 'edges' list.";
  for (const node of value.nodes) {
    if (!isRecord(node) || typeof node.id !== 'string' || typeof node.type !== 'string') {
      return "Every node needs a string 'id' and 'type'.";
    }
  }
  for (const edge of value.edges) {
    if (!isRecord(edge) || typeof edge.source !== 'string' || typeof edge.target !== 'string') {
      return "Every edge needs a string 'source' and 'target'.";
    }
  }
  return value as unknown as WorkflowDocument;
}
