// Auto-layout: Ferry nodes ranked left to right with dagre; sticky notes stay where they were put.
import { Graph, layout } from '@dagrejs/dagre';
import type { CanvasEdge, CanvasNode } from './flowTypes';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 72;

export function autoLayout(nodes: CanvasNode[], edges: CanvasEdge[]): CanvasNode[] {
  const graph = new Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const laid = nodes.filter((n) => n.type === 'ferry');
  for (const node of laid) {
    graph.setNode(node.id, {
      width: node.measured?.width ?? NODE_WIDTH,
      height: node.measured?.height ?? NODE_HEIGHT,
    });
  }
  for (const edge of edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) graph.setEdge(edge.source, edge.target);
  }
  layout(graph);
  return nodes.map((node) => {
    if (node.type !== 'ferry') return node;
    const placed = graph.node(node.id) as { x: number; y: number; width: number; height: number } | undefined;
    if (!placed) return node;
    // dagre gives centres; the canvas places nodes by their top-left corner.
    return {
      ...node,
      position: { x: Math.round(placed.x - placed.width / 2), y: Math.round(placed.y - placed.height / 2) },
    };
  });
}
