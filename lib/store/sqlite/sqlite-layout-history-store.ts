import { and, desc, eq, lt } from 'drizzle-orm';
import { layoutHistory } from '@/db/schema';
import type { Layout, LayoutVersionInfo, Widget } from '@/lib/protocol';
import { LAYOUT_HISTORY_MAX } from '@/lib/protocol';
import {
  type LayoutHistoryStore,
  layoutHistoryList,
  oldestKeptVersion,
} from '@/lib/store/layout-history-store';
import type { Db } from './open-database';

/** The SQLite engine of {@link LayoutHistoryStore} (table `layout_history`). */
export class SqliteLayoutHistoryStore implements LayoutHistoryStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async list(board: string): Promise<LayoutVersionInfo[]> {
    const rows = this.#db
      .select({
        version: layoutHistory.version,
        savedAt: layoutHistory.savedAt,
        json: layoutHistory.json,
      })
      .from(layoutHistory)
      .where(eq(layoutHistory.board, board))
      .orderBy(desc(layoutHistory.version))
      .limit(LAYOUT_HISTORY_MAX)
      .all();
    return layoutHistoryList(rows);
  }

  async get(board: string, version: number): Promise<Layout | undefined> {
    const row = this.#db
      .select({ json: layoutHistory.json })
      .from(layoutHistory)
      .where(and(eq(layoutHistory.board, board), eq(layoutHistory.version, version)))
      .get();
    return row ? { version, widgets: JSON.parse(row.json) as Widget[] } : undefined;
  }
}

/**
 * Keeps `version` of `board`'s layout in its history and drops the versions past
 * LAYOUT_HISTORY_MAX: call inside the transaction of the save that made it.
 */
export function recordLayoutVersion(
  db: Db,
  board: string,
  version: number,
  json: string,
  savedAt: number,
): void {
  db.insert(layoutHistory).values({ board, version, json, savedAt }).run();
  db.delete(layoutHistory)
    .where(
      and(eq(layoutHistory.board, board), lt(layoutHistory.version, oldestKeptVersion(version))),
    )
    .run();
}

/** Drops a board's history (the board is deleted): call inside the delete's transaction. */
export function dropLayoutHistory(db: Db, board: string): void {
  db.delete(layoutHistory).where(eq(layoutHistory.board, board)).run();
}
