// Whether two ports may be joined, and if not, the sentence that tells the user why.
import type { NodeSpec } from '../api/designer';
import type { CanvasEdge, CanvasNode } from './flowTypes';
import { inputPorts, outputPorts, specKey } from './nodePorts';

export interface ProposedConnection {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
  targetHandle?: string | null;
}

type SpecLookup = (typeId: string, version: number) => NodeSpec | undefined;

export function specLookup(specs: Map<string, NodeSpec>): SpecLookup {
  return (typeId, version) => specs.get(specKey(typeId, version));
}

/** Whether `from` reaches `to` following edges forwards. */
export function reaches(edges: CanvasEdge[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length) {
    const current = queue.pop() as string;
    if (current === to) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    queue.push(...(next.get(current) ?? []));
  }
  return false;
}

export function typesFit(output: string, input: string): boolean {
  return output === 'any' || input === 'any' || output === input;
}

/** Null when the connection is fine; otherwise the reason it is refused. */
export function refusalReason(
  proposed: ProposedConnection,
  nodes: CanvasNode[],
  edges: CanvasEdge[],
  lookup: SpecLookup,
): string | null {
  const source = nodes.find((n) => n.id === proposed.source);
  const target = nodes.find((n) => n.id === proposed.target);
  if (!source || !target) return 'Drop the connection on a node’s input port.';
  if (source.type !== 'ferry' || target.type !== 'ferry') return 'Notes have no ports.';
  if (source.id === target.id) return 'A node cannot feed itself.';
  const sourceSpec = lookup(source.data.type, source.data.typeVersion);
  const targetSpec = lookup(target.data.type, target.data.typeVersion);
  const inputs = inputPorts(targetSpec);
  if (!inputs.length) return `${target.data.name} is a trigger: it starts runs and takes no input.`;
  const outPort = outputPorts(sourceSpec, source.data.config).find((p) => p.name === (proposed.sourceHandle ?? 'main'));
  const inPort = inputs.find((p) => p.name === (proposed.targetHandle ?? 'main'));
  if (!outPort || !inPort) return 'That port no longer exists on the node.';
  if (!typesFit(outPort.dataType, inPort.dataType)) {
    return `“${outPort.displayName}” gives ${outPort.dataType} but “${inPort.displayName}” expects ${inPort.dataType}.`;
  }
  const duplicate = edges.some(
    (e) =>
      e.source === source.id &&
      e.target === target.id &&
      (e.sourceHandle ?? 'main') === outPort.name &&
      (e.targetHandle ?? 'main') === inPort.name,
  );
  if (duplicate) return 'These ports are already connected.';
  if (reaches(edges, target.id, source.id)) return 'This would make a loop: data in a workflow flows one way.';
  return null;
}
