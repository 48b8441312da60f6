// A run drawn on its workflow's graph (read-only): each node coloured by the status of its last step.
import { Background, Position, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { WorkflowVersion } from '../../api/ops';
import type { Step } from '../../api/types';
import { statusTone } from '../../components/StatusBadge';
import { humanize } from '../../lib/format';

const COLOURS: Record<string, { border: string; background: string }> = {
  success: { border: '#067647', background: '#e7f6ee' },
  danger: { border: '#b42318', background: '#fdecea' },
  info: { border: '#175cd3', background: '#e8f0fe' },
  warning: { border: '#b54708', background: '#fef3e2' },
  neutral: { border: '#cfd4dc', background: '#ffffff' },
  muted: { border: '#cfd4dc', background: '#f5f6f8' },
};

/** The last step of each node: what the graph colours it by. */
export function lastStepByNode(steps: Step[]): Map<string, Step> {
  const last = new Map<string, Step>();
  for (const step of steps) last.set(step.nodeId, step);
  return last;
}

export default function RunGraph({
  version,
  steps,
  onSelect,
}: {
  version: WorkflowVersion;
  steps: Step[];
  onSelect: (stepId: string) => void;
}) {
  const last = lastStepByNode(steps);
  const nodes: Node[] = version.document.nodes.map((n, index) => {
    const step = last.get(n.id);
    const colours = COLOURS[step ? statusTone(step.status) : 'muted'] ?? { border: '#cfd4dc', background: '#fff' };
    return {
      id: n.id,
      position: n.position ?? { x: index * 240, y: 0 },
      data: {
        label: (
          <div data-testid="graph-node" data-status={step?.status ?? 'not_run'}>
            <strong>{n.name || n.id}</strong>
            <div style={{ fontSize: 11 }}>
              {step ? `${humanize(step.status)}${step.attempt > 1 ? ` · attempt ${step.attempt}` : ''}` : 'Not reached'}
            </div>
          </div>
        ),
      },
      style: { border: `2px solid ${colours.border}`, background: colours.background, width: 180, fontSize: 12 },
      sourcePosition: Position.Right,
      targetPosition: Position.Left,
      draggable: false,
      connectable: false,
    };
  });
  const edges: Edge[] = version.document.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: 'smoothstep',
    animated: last.get(e.target)?.status === 'running',
  }));
  return (
    <div className="run-graph" data-testid="run-graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => {
          const step = last.get(node.id);
          if (step) onSelect(String(step.id));
        }}
      >
        <Background gap={16} size={1} />
      </ReactFlow>
    </div>
  );
}
