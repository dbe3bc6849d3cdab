import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { Widget } from '@/lib/protocol';
import type { LayoutStore } from '@/lib/store/layout-store';
import { type ContractDatabase, type OpenContractDatabase, rejectionOf } from './harness';

const w: Widget = { id: 'w1', series: 'cpu', kind: 'stat', size: 's', warn: 1 };

/** The LayoutStore contract: versions count up by one, a stale base is a conflict. */
export function describeLayoutStoreContract(name: string, open: OpenContractDatabase): void {
  describe(`LayoutStore contract: ${name}`, () => {
    let db: ContractDatabase;
    let layout: LayoutStore;
    beforeEach(async () => {
      db = await open();
      layout = db.stores.layout;
    });
    afterEach(() => db.dispose());

    it('starts empty at version 0 and counts versions up', async () => {
      expect(await layout.get()).toEqual({ version: 0, widgets: [] });
      expect(await layout.put(0, [w])).toEqual({ version: 1, widgets: [w] });
      expect(await layout.put(1, [])).toEqual({ version: 2, widgets: [] });
      expect(await layout.get()).toEqual({ version: 2, widgets: [] });
    });

    it('refuses a stale or future base version with a 409 conflict and keeps the stored layout', async () => {
      await layout.put(0, [w]);
      for (const base of [0, 2]) {
        const error = await rejectionOf(layout.put(base, []));
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({
          code: 'conflict',
          status: 409,
          message: `the layout changed since version ${base}; it is now version 1: reload it and apply your change again`,
        });
      }
      expect(await layout.get()).toEqual({ version: 1, widgets: [w] });
    });

    it('lets one of two saves based on the same version win, and resolves saves in version order', async () => {
      const resolved: number[] = [];
      const saves = [layout.put(0, [w]), layout.put(0, []), layout.put(1, [])].map((p) =>
        p.then(
          (saved) => {
            resolved.push(saved.version);
            return saved;
          },
          (error: unknown) => error,
        ),
      );
      const [first, second, third] = await Promise.all(saves);
      expect(first).toEqual({ version: 1, widgets: [w] });
      expect(second).toMatchObject({ code: 'conflict' });
      expect(third).toEqual({ version: 2, widgets: [] });
      expect(resolved).toEqual([1, 2]);
    });

    it('is read by another handle on the same database', async () => {
      await layout.put(0, [w]);
      const other = await db.openAgain();
      try {
        expect(await other.stores.layout.get()).toEqual({ version: 1, widgets: [w] });
      } finally {
        await other.dispose();
      }
    });
  });
}
