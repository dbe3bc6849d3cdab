import { describe, expect, it } from 'vitest';
import type { Layout, Widget } from '@/lib/protocol';
import { removeWidget } from '../components/layout-model';
import { resizeWidgetBy } from '../components/widgets/widget-resize';
import type { SaveResult } from './layout-client';
import { LayoutEditor, type LayoutEditorView } from './layout-editor';

const w = (id: string): Widget => ({ id, series: id, kind: 'line', size: 'm' });

/** A server answering each PUT when the test lets it (as in layout-editor.test.ts). */
function fakeServer(initial: Layout) {
  let current = initial;
  const waiting: (() => void)[] = [];
  return {
    io: {
      save(base: number, widgets: Widget[]): Promise<SaveResult> {
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
    },
    get current() {
      return current;
    },
    async answerAll() {
      for (let round = 0; round < 20 && waiting.length > 0; round++) {
        waiting.shift()?.();
        for (let i = 0; i < 10; i++) await Promise.resolve();
      }
    },
  };
}

function editorOn(server: ReturnType<typeof fakeServer>) {
  let view: LayoutEditorView | undefined;
  const editor = new LayoutEditor(server.io, (v) => {
    view = v;
  });
  editor.accept(server.current);
  return { editor, view: () => view };
}

describe('LayoutEditor with resizes, removes and restores', () => {
  it('keeps every resize of a fast burst (keys pressed faster than saves)', async () => {
    const server = fakeServer({ version: 1, widgets: [w('a'), w('b')] });
    const { editor, view } = editorOn(server);
    editor.edit((ws) => resizeWidgetBy(ws, 'a', 1, 0));
    editor.edit((ws) => resizeWidgetBy(ws, 'a', 1, 0));
    editor.edit((ws) => resizeWidgetBy(ws, 'a', 0, 1));
    editor.edit((ws) => resizeWidgetBy(ws, 'b', 0, 1));
    expect(view()?.layout?.widgets[0]).toMatchObject({ w: 3, h: 2 });
    await server.answerAll();
    expect(server.current.widgets).toEqual([
      { ...w('a'), w: 3, h: 2 },
      { ...w('b'), w: 1, h: 2 },
    ]);
    expect(view()?.layout).toEqual(server.current);
  });

  it('undo takes back a resize, then a remove', async () => {
    const server = fakeServer({ version: 1, widgets: [w('a'), w('b')] });
    const { editor } = editorOn(server);
    editor.edit((ws) => resizeWidgetBy(ws, 'a', 1, 1));
    editor.edit((ws) => removeWidget(ws, 'b'));
    await server.answerAll();
    expect(server.current.widgets).toEqual([{ ...w('a'), w: 2, h: 2 }]);
    editor.undo();
    await server.answerAll();
    expect(server.current.widgets).toEqual([{ ...w('a'), w: 2, h: 2 }, w('b')]);
    editor.undo();
    await server.answerAll();
    expect(server.current.widgets).toEqual([w('a'), w('b')]);
  });

  it('shows a restored layout and undo takes the restore back', async () => {
    const server = fakeServer({ version: 3, widgets: [w('a'), w('b')] });
    const { editor, view } = editorOn(server);
    editor.replaced([w('a'), w('b')], { version: 4, widgets: [w('a')] });
    expect(view()?.layout).toEqual({ version: 4, widgets: [w('a')] });
    expect(view()?.canUndo).toBe(true);
  });
});
