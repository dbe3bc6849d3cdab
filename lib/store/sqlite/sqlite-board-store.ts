import { asc, eq } from 'drizzle-orm';
import { boards } from '@/db/schema';
import type { Board, Layout, Widget } from '@/lib/protocol';
import {
  type BoardStore,
  boardExists,
  boardLayoutConflict,
  boardNotFound,
} from '@/lib/store/board-store';
import { StoreStatus } from '@/lib/store/store-status';
import type { Db } from './open-database';
import { sqliteFailureOf } from './sqlite-errors';
import { dropLayoutHistory, recordLayoutVersion } from './sqlite-layout-history-store';

/**
 * The SQLite engine of {@link BoardStore}: one row per board, a layout save is the version
 * check and the write in one IMMEDIATE transaction (as the default board's layout).
 */
export class SqliteBoardStore implements BoardStore {
  readonly #db: Db;
  readonly #status: StoreStatus;

  constructor(db: Db, status: StoreStatus = new StoreStatus(sqliteFailureOf)) {
    this.#db = db;
    this.#status = status;
  }

  async list(): Promise<Board[]> {
    return this.#db
      .select({ slug: boards.slug, name: boards.name })
      .from(boards)
      .orderBy(asc(boards.name), asc(boards.slug))
      .all();
  }

  async create(board: Board): Promise<Board> {
    const run = this.#db.$client.transaction((): Board => {
      if (this.#row(board.slug)) throw boardExists(board.slug);
      const now = Date.now();
      this.#db
        .insert(boards)
        .values({ ...board, version: 0, json: '[]', createdAt: now, updatedAt: now })
        .run();
      return { slug: board.slug, name: board.name };
    });
    return this.#status.write('the board was not created', async () => run.immediate());
  }

  async rename(slug: string, name: string): Promise<Board> {
    const changed = await this.#status.write('the board was not renamed', async () =>
      this.#db
        .update(boards)
        .set({ name, updatedAt: Date.now() })
        .where(eq(boards.slug, slug))
        .run(),
    );
    if (changed.changes === 0) throw boardNotFound(slug);
    return { slug, name };
  }

  async remove(slug: string): Promise<void> {
    const run = this.#db.$client.transaction(() => {
      const deleted = this.#db.delete(boards).where(eq(boards.slug, slug)).run();
      if (deleted.changes > 0) dropLayoutHistory(this.#db, slug);
      return deleted;
    });
    const deleted = await this.#status.write('the board was not deleted', async () =>
      run.immediate(),
    );
    if (deleted.changes === 0) throw boardNotFound(slug);
  }

  async layout(slug: string): Promise<Layout> {
    const row = this.#row(slug);
    if (!row) throw boardNotFound(slug);
    return { version: row.version, widgets: JSON.parse(row.json) as Widget[] };
  }

  async putLayout(slug: string, baseVersion: number, widgets: Widget[]): Promise<Layout> {
    const run = this.#db.$client.transaction((): Layout => {
      const row = this.#row(slug);
      if (!row) throw boardNotFound(slug);
      if (baseVersion !== row.version) throw boardLayoutConflict(slug, baseVersion, row.version);
      const next: Layout = { version: row.version + 1, widgets };
      const json = JSON.stringify(widgets);
      const now = Date.now();
      this.#db
        .update(boards)
        .set({ version: next.version, json, updatedAt: now })
        .where(eq(boards.slug, slug))
        .run();
      recordLayoutVersion(this.#db, slug, next.version, json, now);
      return next;
    });
    return this.#status.write('the layout was not saved', async () => run.immediate());
  }

  #row(slug: string) {
    return this.#db.select().from(boards).where(eq(boards.slug, slug)).get();
  }
}
