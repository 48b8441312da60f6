// Notes an older designer kept in this browser, per workflow: read once to move them into the document.
import { uniqueId } from './graphOps';
import type { StickyNode } from './flowTypes';
import type { DocAnnotation } from './workflowDocument';

const PREFIX = 'ferry.designer.notes.';

interface StoredNote {
  id: string;
  text: string;
  x: number;
  y: number;
  width?: number;
  height?: number;
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

/** Called once a save has put the notes into a version: the browser's copy is no longer needed. */
export function clearNotes(workflowId: string, storage: Storage = localStorage): void {
  storage.removeItem(PREFIX + workflowId);
}

/**
 * The browser's notes that the document does not hold yet, with ids free on the canvas. A note the
 * document already has (same id and text: a save happened but the browser copy stayed) is dropped.
 */
export function notesToMigrate(local: StickyNode[], annotations: DocAnnotation[], taken: Set<string>): StickyNode[] {
  const known = new Set(annotations.map((a) => `${a.id}\u0000${a.text}`));
  const used = new Set(taken);
  const moved: StickyNode[] = [];
  for (const note of local) {
    if (known.has(`${note.id}\u0000${note.data.text}`)) continue;
    const id = uniqueId(note.id, used);
    used.add(id);
    moved.push({ ...note, id });
  }
  return moved;
}
