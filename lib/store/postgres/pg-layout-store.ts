import type { Layout, Widget } from '@/lib/protocol';
import { DEFAULT_BOARD_HISTORY } from '@/lib/store/layout-history-store';
import { EMPTY_LAYOUT, type LayoutStore, layoutConflict } from '@/lib/store/layout-store';
import type { StoreStatus } from '@/lib/store/store-status';
import { CHANGES_CHANNEL } from './pg-change-listener';
import { HINT_PREFIX } from './pg-cluster-hints';
import type { PgConnection } from './pg-connection';
import { historyWrites } from './pg-layout-history-store';

/**
 * The PostgreSQL engine of {@link LayoutStore}: a save is a conditional
 * `UPDATE ... WHERE version = $1` (the first save an `INSERT ... ON CONFLICT DO NOTHING`), so of
 * two saves based on the same version, on any instances, exactly one changes the row; the other
 * finds no row changed and gets `conflict` with the version now current. A save is announced
 * (`l:<version>`) by the same statement, so it is delivered at its commit.
 */
export class PgLayoutStore implements LayoutStore {
  readonly #db: PgConnection;
  readonly #status: StoreStatus;

  constructor(db: PgConnection, status: StoreStatus) {
    this.#db = db;
    this.#status = status;
  }

  async get(): Promise<Layout> {
    const { rows } = await this.#db.query<{ version: number; json: string }>(
      'SELECT version, json FROM dashboard_layout WHERE id = 1',
    );
    const row = rows[0];
    if (!row) return EMPTY_LAYOUT;
    return { version: row.version, widgets: JSON.parse(row.json) as Widget[] };
  }

  async put(baseVersion: number, widgets: Widget[]): Promise<Layout> {
    const json = JSON.stringify(widgets);
    const saved = await this.#status.write('the layout was not saved', async () => {
      const changed =
        baseVersion === 0
          ? await this.#db.query(
              `WITH saved AS (
                 INSERT INTO dashboard_layout (id, version, json, updated_at) VALUES (1, 1, $1, $2)
                 ON CONFLICT (id) DO NOTHING RETURNING version),
               ${historyWrites('$5', '$1', '$2')}
               SELECT pg_notify($3, $4 || version) FROM saved`,
              [json, Date.now(), CHANGES_CHANNEL, HINT_PREFIX.layout, DEFAULT_BOARD_HISTORY],
            )
          : await this.#db.query(
              `WITH saved AS (
                 UPDATE dashboard_layout SET version = version + 1, json = $2, updated_at = $3
                 WHERE id = 1 AND version = $1 RETURNING version),
               ${historyWrites('$6', '$2', '$3')}
               SELECT pg_notify($4, $5 || version) FROM saved`,
              [
                baseVersion,
                json,
                Date.now(),
                CHANGES_CHANNEL,
                HINT_PREFIX.layout,
                DEFAULT_BOARD_HISTORY,
              ],
            );
      return changed.rowCount === 1;
    });
    if (!saved) throw layoutConflict(baseVersion, (await this.get()).version);
    return { version: baseVersion + 1, widgets };
  }
}
