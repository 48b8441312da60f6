// One canvas node for every node type, drawn from its declaration: name, type, ports, problems, run status.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FerryNode } from '../lib/flowTypes';
import { inputPorts, outputPorts, specKey } from '../lib/nodePorts';
import { useDesigner } from '../stores/designer';
import { NodeIcon } from './NodeIcon';

function portTop(index: number, count: number): string {
  return `${((index + 1) / (count + 1)) * 100}%`;
}

function GenericNodeView({ id, data, selected }: NodeProps<FerryNode>) {
  const spec = useDesigner((s) => s.specs.get(specKey(data.type, data.typeVersion)));
  const problemCount = useDesigner((s) => s.problems[id]?.length ?? 0);
  const status = useDesigner((s) => s.runs[id]?.status);
  const isPinned = useDesigner((s) => id in s.pinned);
  const diffMark = useDesigner((s) => s.diffMarks[id]);
  const inputs = inputPorts(spec);
  const outputs = outputPorts(spec, data.config);
  const classes = [
    'fnode',
    selected ? 'fnode--selected' : '',
    status ? `fnode--${status}` : '',
    data.disabled ? 'fnode--disabled' : '',
    outputs.length > 1 ? 'fnode--ports' : '',
    diffMark ? `fnode--diff-${diffMark}` : '',
  ];
  return (
    <div className={classes.join(' ')} data-testid={`node-${id}`} data-status={status ?? ''}>
      {inputs.map((port, i) => (
        <Handle
          key={port.name}
          id={port.name}
          type="target"
          position={Position.Left}
          style={{ top: portTop(i, inputs.length) }}
        />
      ))}
      <span className={`fnode__icon fnode__icon--${spec?.kind ?? 'unknown'}`} aria-hidden="true">
        <NodeIcon name={spec?.icon ?? ''} />
      </span>
      <span className="fnode__text">
        <span className="fnode__name">{data.name}</span>
        <span className="fnode__type">{spec?.displayName ?? `${data.type} (unknown)`}</span>
      </span>
      {problemCount ? (
        <span className="fnode__badge" title={`${problemCount} problem(s)`} data-testid={`node-problems-${id}`}>
          {problemCount}
        </span>
      ) : null}
      {isPinned ? (
        <span className="fnode__pin" title="Output pinned">
          📌
        </span>
      ) : null}
      {outputs.map((port, i) => (
        <Handle
          key={port.name}
          id={port.name}
          type="source"
          position={Position.Right}
          className={port.isError ? 'handle--error' : undefined}
          style={{ top: portTop(i, outputs.length) }}
        >
          {outputs.length > 1 ? <span className="fnode__port-label">{port.displayName}</span> : null}
        </Handle>
      ))}
    </div>
  );
}

export const GenericNode = memo(GenericNodeView);
