// A sticky note on the canvas: free text for the people reading the workflow, never run.
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { StickyNode } from '../lib/flowTypes';
import { useDesigner } from '../stores/designer';

function StickyNoteView({ id, data, selected }: NodeProps<StickyNode>) {
  const updateSticky = useDesigner((s) => s.updateSticky);
  return (
    <div className="sticky" data-testid={`sticky-${id}`} style={data.color ? { background: data.color } : undefined}>
      <NodeResizer isVisible={selected} minWidth={140} minHeight={80} />
      <textarea
        className="sticky__text nodrag nowheel"
        aria-label="Note"
        placeholder="Write a note…"
        value={data.text}
        onChange={(e) => updateSticky(id, e.target.value)}
      />
    </div>
  );
}

export const StickyNote = memo(StickyNoteView);
