import {
  LAYOUT_HISTORY_MAX,
  type Layout,
  type LayoutVersionInfo,
  type Widget,
} from '@/lib/protocol';
import { type LayoutHistoryStore, layoutHistoryList } from '@/lib/store/layout-history-store';
import type { PgConnection } from './pg-connection';

/**
 * The PostgreSQL engine of {@link LayoutHistoryStore} (table `layout_history`). The saves write
 * it in their own statement (`historyWrites`), so a version is kept exactly when it is saved.
 */
export class PgLayoutHistoryStore implements LayoutHistoryStore {
  readonly #db: PgConnection;

  constructor(db: PgConnection) {
    this.#db = db;
  }

  async list(board: string): Promise<LayoutVersionInfo[]> {
    const { rows } = await this.#db.query<{
      version: string | number;
      saved_at: string | number;
      json: string;
    }>(
      `SELECT version, saved_at, json FROM layout_history WHERE board = $1
       ORDER BY version DESC LIMIT $2`,
      [board, LAYOUT_HISTORY_MAX],
    );
    return layoutHistoryList(
      rows.map((r) => ({ version: Number(r.version), savedAt: Number(r.saved_at), json: r.json })),
    );
  }

  async get(board: string, version: number): Promise<Layout | undefined> {
    const { rows } = await this.#db.query<{ json: string }>(
      'SELECT json FROM layout_history WHERE board = $1 AND version = $2',
      [board, version],
    );
    const row = rows[0];
    return row ? { version, widgets: JSON.parse(row.json) as Widget[] } : undefined;
  }
}

/**
 * The data-modifying CTEs that keep the version a save's `saved` CTE returned (a row
 * `version`) in the history and drop the versions past LAYOUT_HISTORY_MAX. `$board`, `$json`,
 * `$at` are the placeholders of the board key, the widgets' JSON and the time. PostgreSQL runs
 * every data-modifying CTE once, with the statement, whether the query reads it or not.
 */
export function historyWrites(board: string, json: string, at: string): string {
  return `kept AS (
      INSERT INTO layout_history (board, version, json, saved_at)
      SELECT ${board}::text, version, ${json}::text, ${at}::int8 FROM saved),
    dropped AS (
      DELETE FROM layout_history
      WHERE board = ${board}::text AND version <= (SELECT version FROM saved) - ${LAYOUT_HISTORY_MAX})`;
}
