import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LAYOUT_HISTORY_MAX, type Widget } from '@/lib/protocol';
import type { ContractStores } from './harness';
import { type ContractDatabase, type OpenContractDatabase, rejectionOf } from './harness';

const w = (id: string): Widget => ({ id, series: `s.${id}`, kind: 'line', size: 'm' });

/**
 * The LayoutHistoryStore contract: every save of a layout (default board or another) is kept as
 * a version, in the save, newest first, at most LAYOUT_HISTORY_MAX per board; a refused save
 * keeps nothing; a deleted board's history goes with it.
 */
export function describeLayoutHistoryContract(name: string, open: OpenContractDatabase): void {
  describe(`LayoutHistoryStore contract: ${name}`, () => {
    let db: ContractDatabase;
    let stores: ContractStores;
    beforeEach(async () => {
      db = await open();
      stores = db.stores;
    });
    afterEach(() => db.dispose());

    it('keeps every saved version of the default board, newest first, with a summary', async () => {
      const history = stores.layoutHistory;
      expect(await history.list('default')).toEqual([]);
      const before = Date.now();
      await stores.layout.put(0, [w('a')]);
      await stores.layout.put(1, [w('a'), w('b')]);
      await rejectionOf(stores.layout.put(1, [])); // refused: not a version
      const list = await history.list('default');
      expect(list.map(({ savedAt: _, ...rest }) => rest)).toEqual([
        { version: 2, widgets: 2, summary: 'added s.b' },
        { version: 1, widgets: 1, summary: '1 widget' },
      ]);
      for (const v of list) expect(v.savedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(await history.get('default', 1)).toEqual({ version: 1, widgets: [w('a')] });
      expect(await history.get('default', 3)).toBeUndefined();
      expect(await history.get('other', 1)).toBeUndefined();
    });

    it('keeps each board apart and drops a board history with the board', async () => {
      await stores.boards.create({ slug: 'ops', name: 'Ops' });
      await stores.boards.putLayout('ops', 0, [w('x')]);
      await stores.layout.put(0, [w('a')]);
      expect((await stores.layoutHistory.list('ops')).map((v) => v.version)).toEqual([1]);
      expect(await stores.layoutHistory.get('ops', 1)).toEqual({ version: 1, widgets: [w('x')] });
      await stores.boards.remove('ops');
      expect(await stores.layoutHistory.list('ops')).toEqual([]);
      await stores.boards.create({ slug: 'ops', name: 'Ops again' });
      await stores.boards.putLayout('ops', 0, [w('y')]);
      expect(await stores.layoutHistory.get('ops', 1)).toEqual({ version: 1, widgets: [w('y')] });
      expect((await stores.layoutHistory.list('default')).map((v) => v.version)).toEqual([1]);
    });

    it(`keeps the newest ${LAYOUT_HISTORY_MAX} versions of a board and drops older ones`, async () => {
      await stores.boards.create({ slug: 'b', name: 'B' });
      const saves = LAYOUT_HISTORY_MAX + 2;
      for (let v = 0; v < saves; v++) {
        await stores.boards.putLayout('b', v, [w(`v${v + 1}`)]);
        await stores.layout.put(v, [w(`v${v + 1}`)]);
      }
      for (const board of ['b', 'default']) {
        const list = await stores.layoutHistory.list(board);
        expect(list).toHaveLength(LAYOUT_HISTORY_MAX);
        expect(list[0]?.version).toBe(saves);
        expect(list.at(-1)?.version).toBe(saves - LAYOUT_HISTORY_MAX + 1);
        expect(list.at(-1)?.summary).toBe('1 widget');
        expect(await stores.layoutHistory.get(board, saves - LAYOUT_HISTORY_MAX)).toBeUndefined();
        expect(await stores.layoutHistory.get(board, saves - LAYOUT_HISTORY_MAX + 1)).toEqual({
          version: saves - LAYOUT_HISTORY_MAX + 1,
          widgets: [w(`v${saves - LAYOUT_HISTORY_MAX + 1}`)],
        });
      }
    });

    it('sees the versions another handle saved', async () => {
      const other = await db.openAgain();
      try {
        await other.stores.layout.put(0, [w('a')]);
        expect((await stores.layoutHistory.list('default')).map((v) => v.version)).toEqual([1]);
      } finally {
        await other.dispose();
      }
    });
  });
}
