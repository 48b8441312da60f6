// Keyboard shortcuts and the system clipboard for the canvas (copy/paste JSON, also between workflows).
import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { useDesigner } from '../stores/designer';

export function isEditing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    !!target.closest('.cm-editor')
  );
}

export const SHORTCUTS: [string, string][] = [
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'Redo'],
  ['Ctrl+C / Ctrl+X / Ctrl+V', 'Copy, cut, paste (JSON, works between workflows)'],
  ['Ctrl+D', 'Duplicate the selection'],
  ['Ctrl+A', 'Select everything'],
  ['Delete / Backspace', 'Delete the selection'],
  ['Shift+1', 'Fit the workflow in view'],
  ['Shift+L', 'Auto-layout'],
  ['Ctrl+S', 'Save a version'],
];

export function useCanvasShortcuts(onSave: () => void): void {
  const flow = useReactFlow();
  useEffect(() => {
    const store = useDesigner.getState;
    const onKey = (event: KeyboardEvent): void => {
      if (isEditing(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z' && !event.shiftKey) store().undo();
      else if (mod && (key === 'y' || (key === 'z' && event.shiftKey))) store().redo();
      else if (mod && key === 'd') {
        const text = store().copy();
        if (text) store().paste(text);
      } else if (mod && key === 'a') {
        useDesigner.setState({ nodes: store().nodes.map((n) => ({ ...n, selected: true })) });
      } else if (mod && key === 's') onSave();
      else if (!mod && event.shiftKey && event.key === '!') void flow.fitView({ duration: 200 });
      else if (!mod && event.shiftKey && key === 'l') store().layout();
      else return;
      event.preventDefault();
    };
    const onCopy = (event: ClipboardEvent): void => {
      if (isEditing(event.target)) return;
      const text = store().copy();
      if (!text || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
      if (event.type === 'cut') store().deleteSelected();
    };
    const onPaste = (event: ClipboardEvent): void => {
      if (isEditing(event.target)) return;
      const text = event.clipboardData?.getData('text/plain');
      if (text && store().paste(text)) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [flow, onSave]);
}
