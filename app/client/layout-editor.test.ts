import { describe, expect, it } from 'vitest';
import type { Layout, Widget } from '@/lib/protocol';
import type { SaveResult } from './layout-client';
import {
  LAYOUT_SAVE_ATTEMPTS_MAX,
  LayoutEditor,
  type LayoutEditorView,
  sameWidgets,
} from './layout-editor';

const w = (id: string, kind: Widget['kind'] = 'line'): Widget => ({
  id,
  series: id,
  kind,
  size: 'm',
});

/** A server holding one layout, answering each PUT when the test lets it. */
function fakeServer(initial: Layout) {
  let current = initial;
  const waiting: (() => void)[] = [];
  const puts: { base: number; widgets: Widget[] }[] = [];
  const io = {
    save(base: number, widgets: Widget[]): Promise<SaveResult> {
      puts.push({ base, widgets });
      return new Promise((resolve) => {
        waiting.push(() => {
          if (base !== current.version) {
            resolve({ ok: false, conflict: true, message: 'conflict' });
            return;
          }
          current = { version: current.version + 1, widgets };
          resolve({ ok: true, layout: current });
        });
      });
    },
    fetch: async () => current,
  };
  return {
    io,
    puts,
    get current() {
      return current;
    },
    /** Someone else saves. */
    otherSave(widgets: Widget[]) {
      current = { version: current.version + 1, widgets };
      return current;
    },
    /** Answers the oldest PUT, then lets the editor's promises run. */
    async answer() {
      waiting.shift()?.();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
    get waiting() {
      return waiting.length;
    },
  };
}

const setKind = (id: string, kind: Widget['kind']) => (ws: Widget[]) =>
  ws.map((x) => (x.id === id ? { ...x, kind } : x));

function editorOn(server: ReturnType<typeof fakeServer>) {
  let view: LayoutEditorView | undefined;
  const editor = new LayoutEditor(server.io, (v) => {
    view = v;
  });
  editor.accept(server.current);
  return { editor, view: () => view };
}

describe('LayoutEditor', () => {
  it('keeps every change of a fast burst: one PUT at a time, the next based on its version', async () => {
    const server = fakeServer({ version: 1, widgets: [w('a'), w('b'), w('c')] });
    const { editor, view } = editorOn(server);
    editor.edit(setKind('a', 'gauge'));
    editor.edit(setKind('b', 'stat'));
    editor.edit(setKind('c', 'gauge'));
    // Shown at once, all three.
    expect(view()?.layout?.widgets.map((x) => x.kind)).toEqual(['gauge', 'stat', 'gauge']);
    expect(server.waiting).toBe(1);
    await server.answer();
    expect(server.waiting).toBe(1);
    expect(server.puts[1]?.base).toBe(2);
    await server.answer();
    expect(server.current.version).toBe(3);
    expect(server.current.widgets.map((x) => x.kind)).toEqual(['gauge', 'stat', 'gauge']);
    expect(view()?.layout).toEqual(server.current);
    expect(view()?.error).toBeUndefined();
  });

  it("re-applies a change refused for someone else's save to their layout", async () => {
    const server = fakeServer({ version: 1, widgets: [w('a'), w('b')] });
    const { editor, view } = editorOn(server);
    editor.edit(setKind('a', 'gauge'));
    // Someone else changes b before the PUT is answered.
    server.otherSave([w('a'), w('b', 'stat')]);
    await server.answer(); // refused: based on version 1
    await server.answer(); // the retry, on version 2
    expect(server.current.widgets.map((x) => x.kind)).toEqual(['gauge', 'stat']);
    expect(view()?.layout?.version).toBe(3);
    expect(view()?.error).toBeUndefined();
  });

  it(`gives up after ${LAYOUT_SAVE_ATTEMPTS_MAX} refusals and says so`, async () => {
    const server = fakeServer({ version: 1, widgets: [w('a')] });
    const { editor, view } = editorOn(server);
    editor.edit(setKind('a', 'gauge'));
    for (let i = 0; i < LAYOUT_SAVE_ATTEMPTS_MAX; i++) {
      server.otherSave([w('a', 'stat')]);
      await server.answer();
    }
    expect(server.waiting).toBe(0);
    expect(view()?.error).toMatch(/not saved/);
    expect(view()?.layout?.widgets[0]?.kind).toBe('stat');
  });

  it('undo puts back the board as it was before the last change', async () => {
    const server = fakeServer({ version: 1, widgets: [w('a')] });
    const { editor, view } = editorOn(server);
    expect(view()?.canUndo).toBe(false);
    editor.edit(setKind('a', 'gauge'));
    await server.answer();
    expect(view()?.canUndo).toBe(true);
    editor.undo();
    expect(view()?.layout?.widgets[0]?.kind).toBe('line');
    await server.answer();
    expect(server.current.widgets[0]?.kind).toBe('line');
    expect(view()?.canUndo).toBe(false);
  });

  it('takes a newer layout from the server and ignores an older one', () => {
    const server = fakeServer({ version: 5, widgets: [w('a')] });
    const { editor, view } = editorOn(server);
    editor.accept({ version: 4, widgets: [] });
    expect(view()?.layout?.version).toBe(5);
    editor.accept({ version: 6, widgets: [w('b')] });
    expect(view()?.layout?.widgets[0]?.id).toBe('b');
  });

  it('saves no version for a change that changes nothing (an Undo another tab already did)', async () => {
    const server = fakeServer({ version: 1, widgets: [w('a')] });
    const { editor, view } = editorOn(server);
    editor.edit(setKind('a', 'gauge'));
    await server.answer();
    // Another tab puts it back; this tab hears of it, then undoes its own change.
    editor.accept(server.otherSave([w('a')]));
    editor.undo();
    expect(server.waiting).toBe(0);
    expect(server.puts).toHaveLength(1);
    expect(view()?.layout).toEqual({ version: 3, widgets: [w('a')] });
    // A change that does change something is saved as before.
    editor.edit(setKind('a', 'stat'));
    expect(server.puts).toHaveLength(2);
  });
});

describe('sameWidgets', () => {
  it('compares field by field whatever order the keys were set in', () => {
    const a: Widget = { id: 'a', series: 'a', kind: 'line', size: 'm', title: 'CPU' };
    const reordered = { title: 'CPU', size: 'm', kind: 'line', series: 'a', id: 'a' } as Widget;
    expect(sameWidgets([a], [reordered])).toBe(true);
    expect(sameWidgets([a], [{ ...a, title: 'Load' }])).toBe(false);
    expect(sameWidgets([a], [a, a])).toBe(false);
  });
});
