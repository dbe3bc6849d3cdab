import { describe, expect, it } from 'vitest';
import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { seedDefaultBoard } from './default-board-seed';

describe('seedDefaultBoard', () => {
  it("places the collector's series once on a board never saved, and never again", async () => {
    const { layout } = openMemoryStores();
    expect(await seedDefaultBoard(layout, ['host.cpu', 'server.rss{instance="a"}'])).toBe(true);
    const seeded = await layout.get();
    expect(seeded.version).toBe(1);
    expect(seeded.widgets).toEqual([
      { id: 'd-host.cpu', series: 'host.cpu', kind: 'line', size: 'm' },
      expect.objectContaining({ series: 'server.rss{instance="a"}', kind: 'line', size: 'm' }),
    ]);
    expect(seeded.widgets[1]?.id).toMatch(/^d-server\.rss\.[0-9a-z]+$/);
    // Someone removes a widget: a restart does not bring it back.
    await layout.put(1, []);
    expect(await seedDefaultBoard(layout, ['host.cpu'])).toBe(false);
    expect(await layout.get()).toEqual({ version: 2, widgets: [] });
  });

  it('does nothing without series, and one of two instances starting together seeds', async () => {
    const database = new MemoryDatabase();
    const a = openMemoryStores(database).layout;
    const b = openMemoryStores(database).layout;
    expect(await seedDefaultBoard(a, [])).toBe(false);
    const both = await Promise.all([seedDefaultBoard(a, ['x']), seedDefaultBoard(b, ['x'])]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect((await a.get()).version).toBe(1);
  });
});
