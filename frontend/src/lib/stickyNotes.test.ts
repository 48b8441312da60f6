import { describe, expect, it } from 'vitest';
import { loadNotes, parseNotes, saveNotes } from './stickyNotes';

describe('sticky notes', () => {
  it('are kept per workflow and read back with their size', () => {
    saveNotes('wf1', [
      {
        id: 'note',
        type: 'sticky',
        position: { x: 10.4, y: 20 },
        data: { text: 'Ask finance' },
        style: { width: 300, height: 120 },
      },
    ]);
    const [note] = loadNotes('wf1');
    expect(note).toMatchObject({
      id: 'note',
      type: 'sticky',
      position: { x: 10, y: 20 },
      data: { text: 'Ask finance' },
      style: { width: 300, height: 120 },
    });
    expect(loadNotes('wf2')).toEqual([]);
    saveNotes('wf1', []);
    expect(localStorage.getItem('ferry.designer.notes.wf1')).toBeNull();
  });

  it('ignores stored text that is not notes', () => {
    expect(parseNotes('not json')).toEqual([]);
    expect(parseNotes('{"a": 1}')).toEqual([]);
  });
});
