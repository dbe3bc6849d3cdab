import type { Board, Layout, Widget } from '@/lib/protocol';
import {
  type BoardStore,
  boardExists,
  boardLayoutConflict,
  boardNotFound,
} from '@/lib/store/board-store';
import type { StoreStatus } from '@/lib/store/store-status';
import type { PgConnection } from './pg-connection';
import { historyWrites } from './pg-layout-history-store';

/**
 * The PostgreSQL engine of {@link BoardStore}: a new board is an `INSERT ... ON CONFLICT DO
 * NOTHING` and a layout save a conditional `UPDATE ... WHERE version = $2`, so of two
 * instances creating one slug or saving on one version, exactly one wins.
 */
export class PgBoardStore implements BoardStore {
  readonly #db: PgConnection;
  readonly #status: StoreStatus;

  constructor(db: PgConnection, status: StoreStatus) {
    this.#db = db;
    this.#status = status;
  }

  async list(): Promise<Board[]> {
    const { rows } = await this.#db.query<Board>(
      'SELECT slug, name FROM boards ORDER BY name, slug',
    );
    return rows.map((r) => ({ slug: r.slug, name: r.name }));
  }

  async create(board: Board): Promise<Board> {
    const now = Date.now();
    const inserted = await this.#status.write('the board was not created', () =>
      this.#db.query(
        `INSERT INTO boards (slug, name, version, json, created_at, updated_at)
         VALUES ($1, $2, 0, '[]', $3, $3) ON CONFLICT (slug) DO NOTHING`,
        [board.slug, board.name, now],
      ),
    );
    if (inserted.rowCount !== 1) throw boardExists(board.slug);
    return { slug: board.slug, name: board.name };
  }

  async rename(slug: string, name: string): Promise<Board> {
    const changed = await this.#status.write('the board was not renamed', () =>
      this.#db.query('UPDATE boards SET name = $2, updated_at = $3 WHERE slug = $1', [
        slug,
        name,
        Date.now(),
      ]),
    );
    if (changed.rowCount !== 1) throw boardNotFound(slug);
    return { slug, name };
  }

  async remove(slug: string): Promise<void> {
    const deleted = await this.#status.write('the board was not deleted', () =>
      this.#db.query(
        `WITH gone AS (DELETE FROM layout_history WHERE board = $1)
         DELETE FROM boards WHERE slug = $1`,
        [slug],
      ),
    );
    if (deleted.rowCount !== 1) throw boardNotFound(slug);
  }

  async layout(slug: string): Promise<Layout> {
    const { rows } = await this.#db.query<{ version: string | number; json: string }>(
      'SELECT version, json FROM boards WHERE slug = $1',
      [slug],
    );
    const row = rows[0];
    if (!row) throw boardNotFound(slug);
    return { version: Number(row.version), widgets: JSON.parse(row.json) as Widget[] };
  }

  async putLayout(slug: string, baseVersion: number, widgets: Widget[]): Promise<Layout> {
    const changed = await this.#status.write('the layout was not saved', () =>
      this.#db.query(
        `WITH saved AS (
           UPDATE boards SET version = version + 1, json = $3, updated_at = $4
           WHERE slug = $1 AND version = $2 RETURNING version),
         ${historyWrites('$1', '$3', '$4')}
         SELECT version FROM saved`,
        [slug, baseVersion, JSON.stringify(widgets), Date.now()],
      ),
    );
    if (changed.rowCount !== 1) {
      const current = await this.layout(slug);
      throw boardLayoutConflict(slug, baseVersion, current.version);
    }
    return { version: baseVersion + 1, widgets };
  }
}
