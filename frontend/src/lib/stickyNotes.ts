// Sticky notes are the canvas's own (the workflow document has no place for them): kept per workflow in this browser.
import type { StickyNode } from './flowTypes';

const PREFIX = 'ferry.designer.notes.';

interface StoredNote {
  id: string;
  text: string;
  x: number;
  y: number;
  width?: number;
  height?: number;
}

export function serialiseNotes(notes: StickyNode[]): string {
  const stored: StoredNote[] = notes.map((n) => ({
    id: n.id,
    text: n.data.text,
    x: Math.round(n.position.x),
    y: Math.round(n.position.y),
    width: n.measured?.width ?? (typeof n.style?.width === 'number' ? n.style.width : undefined),
    height: n.measured?.height ?? (typeof n.style?.height === 'number' ? n.style.height : undefined),
  }));
  return JSON.stringify(stored);
}

export function parseNotes(text: string | null): StickyNode[] {
  if (!text) return [];
  try {
    const stored = JSON.parse(text) as StoredNote[];
    if (!Array.isArray(stored)) return [];
    return stored
      .filter((n) => typeof n?.id === 'string')
      .map((n) => ({
        id: n.id,
        type: 'sticky' as const,
        position: { x: Number(n.x) || 0, y: Number(n.y) || 0 },
        data: { text: String(n.text ?? '') },
        style: { width: n.width ?? 220, height: n.height ?? 140 },
      }));
  } catch {
    return [];
  }
}

export function loadNotes(workflowId: string, storage: Storage = localStorage): StickyNode[] {
  return parseNotes(storage.getItem(PREFIX + workflowId));
}

export function saveNotes(workflowId: string, notes: StickyNode[], storage: Storage = localStorage): void {
  if (notes.length) storage.setItem(PREFIX + workflowId, serialiseNotes(notes));
  else storage.removeItem(PREFIX + workflowId);
}
