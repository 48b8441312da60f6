// The canvas's node components, declared once at module level so React Flow never remounts them.
import type { NodeTypes } from '@xyflow/react';
import { GenericNode } from './GenericNode';
import { StickyNote } from './StickyNote';

export const nodeTypes: NodeTypes = { ferry: GenericNode, sticky: StickyNote };
