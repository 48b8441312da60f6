// Undo and redo as two stacks of snapshots; pure, so the store stays small and this is testable alone.

export interface History<T> {
  past: T[];
  future: T[];
}

export const HISTORY_LIMIT = 100;

export function record<T>(history: History<T>, present: T): History<T> {
  const past = [...history.past, present];
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, future: [] };
}

export function undo<T>(history: History<T>, present: T): { history: History<T>; present: T } | null {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return null;
  return { history: { past: history.past.slice(0, -1), future: [present, ...history.future] }, present: previous };
}

export function redo<T>(history: History<T>, present: T): { history: History<T>; present: T } | null {
  const next = history.future[0];
  if (next === undefined) return null;
  return { history: { past: [...history.past, present], future: history.future.slice(1) }, present: next };
}
