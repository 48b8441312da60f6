// The node palette: search, categories, drag a node type onto the canvas or click to add it.
import { memo, useMemo, useState, type DragEvent } from 'react';
import type { NodeSpec } from '../api/designer';
import { specKey } from '../lib/nodePorts';
import { paletteGroups } from '../lib/palette';
import { NodeIcon } from '../nodes/NodeIcon';

export const DRAG_TYPE = 'application/x-ferry-node-type';

interface Props {
  specs: NodeSpec[];
  onAdd(spec: NodeSpec): void;
}

function onDragStart(event: DragEvent, spec: NodeSpec): void {
  event.dataTransfer.setData(DRAG_TYPE, specKey(spec.typeId, spec.version));
  event.dataTransfer.effectAllowed = 'move';
}

function PaletteView({ specs, onAdd }: Props) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(true);
  const groups = useMemo(() => paletteGroups(specs, query), [specs, query]);
  if (!open) {
    return (
      <aside className="palette palette--closed" aria-label="Node palette">
        <button
          type="button"
          className="icon-button"
          aria-label="Show the node palette"
          title="Show the node palette"
          onClick={() => setOpen(true)}
        >
          »
        </button>
      </aside>
    );
  }
  return (
    <aside className="palette" aria-label="Node palette">
      <div className="palette__head">
        <input
          className="palette__search"
          type="search"
          placeholder="Search nodes…"
          aria-label="Search nodes"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button
          type="button"
          className="icon-button"
          aria-label="Hide the node palette"
          title="Hide the node palette"
          onClick={() => setOpen(false)}
        >
          «
        </button>
      </div>
      <div className="palette__list">
        {groups.length === 0 ? <p className="palette__empty">No node matches “{query}”.</p> : null}
        {groups.map((group) => (
          <section key={group.category}>
            <h3 className="palette__group">{group.category}</h3>
            {group.specs.map((spec) => (
              <button
                type="button"
                key={spec.typeId}
                className="palette__item"
                draggable
                onDragStart={(e) => onDragStart(e, spec)}
                onClick={() => onAdd(spec)}
                title={`${spec.description}\nClick to add after the selected node, or drag onto the canvas.`}
                data-testid={`palette-${spec.typeId}`}
              >
                <span className={`fnode__icon fnode__icon--${spec.kind}`} aria-hidden="true">
                  <NodeIcon name={spec.icon} />
                </span>
                <span className="palette__label">{spec.displayName}</span>
              </button>
            ))}
          </section>
        ))}
      </div>
    </aside>
  );
}

export const Palette = memo(PaletteView);
