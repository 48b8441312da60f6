// The canvas's node and edge shapes: one generic Ferry node rendered from its type, and sticky notes.
import type { Edge, Node } from '@xyflow/react';

export interface FerryNodeData extends Record<string, unknown> {
  type: string;
  typeVersion: number;
  name: string;
  config: Record<string, unknown>;
  connection?: string | null;
  retry?: Record<string, unknown> | null;
  timeoutSeconds?: number | null;
  disabled?: boolean;
  notes?: string;
}

export interface StickyData extends Record<string, unknown> {
  text: string;
  color?: string;
}

export type FerryNode = Node<FerryNodeData, 'ferry'>;
export type StickyNode = Node<StickyData, 'sticky'>;
export type CanvasNode = FerryNode | StickyNode;
export type CanvasEdge = Edge;

export function isFerryNode(node: CanvasNode): node is FerryNode {
  return node.type === 'ferry';
}
