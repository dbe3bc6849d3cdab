import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { Widget } from '@/lib/protocol';
import type { BoardStore } from '@/lib/store/board-store';
import { type ContractDatabase, type OpenContractDatabase, rejectionOf } from './harness';

const w: Widget = { id: 'w1', series: 'cpu', kind: 'stat', size: 's' };

/** The BoardStore contract: boards by slug, each layout versioned like the default one. */
export function describeBoardStoreContract(name: string, open: OpenContractDatabase): void {
  describe(`BoardStore contract: ${name}`, () => {
    let db: ContractDatabase;
    let boards: BoardStore;
    beforeEach(async () => {
      db = await open();
      boards = db.stores.boards;
    });
    afterEach(() => db.dispose());

    const codeOf = async (promise: Promise<unknown>) => {
      const error = await rejectionOf(promise);
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).code;
    };

    it('creates, lists by name, renames and deletes boards', async () => {
      expect(await boards.list()).toEqual([]);
      expect(await boards.create({ slug: 'web', name: 'Web' })).toEqual({
        slug: 'web',
        name: 'Web',
      });
      await boards.create({ slug: 'db', name: 'Databases' });
      expect(await boards.list()).toEqual([
        { slug: 'db', name: 'Databases' },
        { slug: 'web', name: 'Web' },
      ]);
      expect(await boards.rename('web', 'Accueil')).toEqual({ slug: 'web', name: 'Accueil' });
      expect((await boards.list())[0]).toEqual({ slug: 'web', name: 'Accueil' });
      await boards.remove('db');
      expect(await boards.list()).toEqual([{ slug: 'web', name: 'Accueil' }]);
    });

    it('refuses a taken slug (conflict) and unknown boards (not_found), changing nothing', async () => {
      await boards.create({ slug: 'web', name: 'Web' });
      expect(await codeOf(boards.create({ slug: 'web', name: 'Other' }))).toBe('conflict');
      expect(await codeOf(boards.rename('nope', 'x'))).toBe('not_found');
      expect(await codeOf(boards.remove('nope'))).toBe('not_found');
      expect(await codeOf(boards.layout('nope'))).toBe('not_found');
      expect(await codeOf(boards.putLayout('nope', 0, [w]))).toBe('not_found');
      expect(await boards.list()).toEqual([{ slug: 'web', name: 'Web' }]);
    });

    it('versions each layout on its own, refuses a stale base and drops it with its board', async () => {
      await boards.create({ slug: 'a', name: 'A' });
      await boards.create({ slug: 'b', name: 'B' });
      expect(await boards.layout('a')).toEqual({ version: 0, widgets: [] });
      expect(await boards.putLayout('a', 0, [w])).toEqual({ version: 1, widgets: [w] });
      expect(await boards.layout('b')).toEqual({ version: 0, widgets: [] });
      const stale = await rejectionOf(boards.putLayout('a', 0, []));
      expect(stale).toMatchObject({
        code: 'conflict',
        message:
          'the layout of board a changed since version 0; it is now version 1: reload it and apply your change again',
      });
      expect(await boards.layout('a')).toEqual({ version: 1, widgets: [w] });
      await boards.remove('a');
      await boards.create({ slug: 'a', name: 'A again' });
      expect(await boards.layout('a')).toEqual({ version: 0, widgets: [] });
    });

    it('lets one of two saves on the same version win', async () => {
      await boards.create({ slug: 'a', name: 'A' });
      const results = await Promise.all(
        [[w], []].map((widgets) =>
          boards.putLayout('a', 0, widgets).then(
            (saved) => saved.version,
            (error: unknown) => (error as AppError).code,
          ),
        ),
      );
      expect(results.sort()).toEqual([1, 'conflict']);
    });
  });
}
