import { describe, expect, it } from 'vitest';
import type { Layout, Widget } from '@/lib/protocol';
import { moveWidget, removeWidget, updateWidget, withText } from '../components/layout-model';
import type { SaveResult } from './layout-client';
import { LayoutEditor, type LayoutEditorView } from './layout-editor';

const w = (id: string): Widget => ({ id, series: id, kind: 'line', size: 'm' });

/**
 * One server and two tabs of one browser, each with its own LayoutEditor: every saved layout is
 * announced to both (`event: layout`) once the test lets the announcement through.
 */
function twoTabs(initial: Layout) {
  let current = initial;
  const tabs: { editor: LayoutEditor; view: () => LayoutEditorView | undefined }[] = [];
  const announce = (layout: Layout) => {
    for (const tab of tabs) tab.editor.accept(layout);
  };
  const io = {
    async save(base: number, widgets: Widget[]): Promise<SaveResult> {
      if (base !== current.version) return { ok: false, conflict: true, message: 'conflict' };
      current = { version: current.version + 1, widgets };
      announce(current);
      return { ok: true, layout: current };
    },
    fetch: async () => current,
  };
  for (let i = 0; i < 2; i++) {
    let view: LayoutEditorView | undefined;
    const editor = new LayoutEditor(io, (v) => {
      view = v;
    });
    editor.accept(current);
    tabs.push({ editor, view: () => view });
  }
  return {
    tabs: tabs as [(typeof tabs)[0], (typeof tabs)[0]],
    get current() {
      return current;
    },
    /** `POST .../history/restore` from a tab: saved as the next version and announced. */
    restore(widgets: Widget[]): Layout {
      current = { version: current.version + 1, widgets };
      announce(current);
      return current;
    },
    async settle() {
      for (let i = 0; i < 50; i++) await Promise.resolve();
    },
  };
}

describe('LayoutEditor in two tabs of one browser', () => {
  it("undo in one tab takes back its own change only, not the other tab's", async () => {
    const server = twoTabs({ version: 1, widgets: [w('a'), w('b'), w('c'), w('d')] });
    const [one, two] = server.tabs;
    one.editor.edit((ws) => updateWidget(ws, 'b', (x) => withText(x, 'title', 'Bee')));
    await server.settle();
    two.editor.edit((ws) => removeWidget(ws, 'd'));
    await server.settle();
    two.editor.edit((ws) => moveWidget(ws, 'c', -1));
    await server.settle();
    one.editor.undo();
    await server.settle();
    expect(server.current.widgets).toEqual([w('a'), w('c'), w('b')]);
    expect(two.view()?.layout).toEqual(server.current);
    two.editor.undo();
    await server.settle();
    expect(server.current.widgets).toEqual([w('a'), w('b'), w('c')]);
    two.editor.undo();
    await server.settle();
    expect(server.current.widgets).toEqual([w('a'), w('b'), w('c'), w('d')]);
    expect(one.view()?.layout).toEqual(server.current);
  });

  it('a restore in one tab is not taken back by an undo in the other', async () => {
    const server = twoTabs({ version: 1, widgets: [w('a'), w('b')] });
    const [one, two] = server.tabs;
    two.editor.edit((ws) => updateWidget(ws, 'a', (x) => ({ ...x, kind: 'stat' })));
    await server.settle();
    // Tab one restores an older layout (the server saved it; the tab is told).
    const before = one.view()?.layout?.widgets ?? [];
    one.editor.replaced(before, server.restore([w('a')]));
    two.editor.undo();
    await server.settle();
    // Tab two's change was kind stat on a: taken back on the restored board, b stays away.
    expect(server.current.widgets).toEqual([w('a')]);
  });
});
