// The canvas: React Flow bound to the designer store, with drop-to-add, refused-connection hints and minimap.
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type IsValidConnection,
  type OnConnectEnd,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, type DragEvent } from 'react';
import { nodeTypes } from '../nodes/nodeTypes';
import { useDesigner } from '../stores/designer';
import { DRAG_TYPE } from './Palette';
import { useCanvasShortcuts } from './useCanvasShortcuts';

const FIT_OPTIONS = { padding: 0.2, maxZoom: 1.2 };
const PRO_OPTIONS = { hideAttribution: true };
const MINIMAP_SIZE = { width: 150, height: 100 };
const DEFAULT_EDGE = { type: 'smoothstep' as const };

function minimapColour(node: { type?: string }): string {
  return node.type === 'sticky' ? '#fde68a' : '#94a3b8';
}

export function DesignerCanvas({ onSave, onOpenNode }: { onSave: () => void; onOpenNode: (id: string) => void }) {
  const nodes = useDesigner((s) => s.nodes);
  const edges = useDesigner((s) => s.edges);
  const hint = useDesigner((s) => s.hint);
  const focusId = useDesigner((s) => s.focusId);
  const {
    onNodesChange,
    onEdgesChange,
    connect,
    checkConnection,
    explainRefusal,
    select,
    remember,
    setHint,
    addNode,
    specs,
  } = useDesigner.getState();
  const flow = useReactFlow();
  useCanvasShortcuts(onSave);

  useEffect(() => {
    if (!hint) return;
    const timer = setTimeout(() => setHint(null), 5000);
    return () => clearTimeout(timer);
  }, [hint, setHint]);

  useEffect(() => {
    if (!focusId) return;
    // Adding a node also opens its panel, which narrows the canvas: fit once that has settled.
    const timer = setTimeout(() => void flow.fitView({ ...FIT_OPTIONS, maxZoom: 1, duration: 200 }), 80);
    return () => clearTimeout(timer);
  }, [focusId, flow]);

  const onConnectEnd: OnConnectEnd = useCallback(
    (_, state) => {
      if (state.isValid !== false || !state.fromHandle || !state.toHandle) return;
      const [from, to] =
        state.fromHandle.type === 'source' ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
      explainRefusal({
        source: from.nodeId,
        sourceHandle: from.id ?? null,
        target: to.nodeId,
        targetHandle: to.id ?? null,
      });
    },
    [explainRefusal],
  );

  const isValid: IsValidConnection = useCallback((c: Connection | Edge) => checkConnection(c), [checkConnection]);

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const key = event.dataTransfer.getData(DRAG_TYPE);
      const spec = specs.get(key) ?? useDesigner.getState().specs.get(key);
      if (!spec) return;
      addNode(spec, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [flow, addNode, specs],
  );

  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        defaultEdgeOptions={DEFAULT_EDGE}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={connect}
        onConnectStart={() => setHint(null)}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValid}
        onNodeClick={(_, node) => {
          select(node.type === 'ferry' ? node.id : null);
          if (node.type === 'ferry') onOpenNode(node.id);
        }}
        onPaneClick={() => select(null)}
        onNodeDragStart={remember}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
        }}
        onDrop={onDrop}
        fitView
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.1}
        selectionOnDrag
        panOnDrag={[1, 2]}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        deleteKeyCode={['Delete', 'Backspace']}
        onlyRenderVisibleElements
        proOptions={PRO_OPTIONS}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
        {nodes.length ? <MiniMap pannable zoomable nodeColor={minimapColour} style={MINIMAP_SIZE} /> : null}
      </ReactFlow>
      {nodes.length === 0 ? (
        <div className="canvas__empty">
          <p className="state__title">An empty workflow</p>
          <p>Drag a trigger from the palette, or click one to add it. Every workflow starts with a trigger.</p>
        </div>
      ) : null}
      {hint ? (
        <div className="canvas__hint" role="status" data-testid="connection-hint">
          {hint}
        </div>
      ) : null}
    </div>
  );
}
