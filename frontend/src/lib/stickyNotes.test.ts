import { describe, expect, it } from 'vitest';
import { clearNotes, loadNotes, notesToMigrate, parseNotes } from './stickyNotes';

const STORED = JSON.stringify([{ id: 'note', text: 'Ask finance', x: 10, y: 20, width: 300, height: 120 }]);

describe('notes kept in the browser by an older designer', () => {
  it('are read back per workflow with their size, and cleared', () => {
    localStorage.setItem('ferry.designer.notes.wf1', STORED);
    const [note] = loadNotes('wf1');
    expect(note).toMatchObject({
      id: 'note',
      type: 'sticky',
      position: { x: 10, y: 20 },
      data: { text: 'Ask finance' },
      style: { width: 300, height: 120 },
    });
    expect(loadNotes('wf2')).toEqual([]);
    clearNotes('wf1');
    expect(localStorage.getItem('ferry.designer.notes.wf1')).toBeNull();
  });

  it('ignores stored text that is not notes', () => {
    expect(parseNotes('not json')).toEqual([]);
    expect(parseNotes('{"a": 1}')).toEqual([]);
  });

  it('moves only notes the document lacks, under ids free on the canvas', () => {
    const local = parseNotes(
      JSON.stringify([
        { id: 'note', text: 'Already saved', x: 0, y: 0 },
        { id: 'map', text: 'Clashes with a node', x: 0, y: 0 },
      ]),
    );
    const saved = [{ id: 'note', text: 'Already saved', position: { x: 0, y: 0 }, size: { width: 220, height: 140 } }];
    const moved = notesToMigrate(local, saved, new Set(['map', 'note']));
    expect(moved.map((n) => [n.id, n.data.text])).toEqual([['map_2', 'Clashes with a node']]);
  });
});
