import { eq } from 'drizzle-orm';
import { dashboardLayout } from '@/db/schema';
import type { Layout, Widget } from '@/lib/protocol';
import { DEFAULT_BOARD_HISTORY } from '@/lib/store/layout-history-store';
import { EMPTY_LAYOUT, type LayoutStore, layoutConflict } from '@/lib/store/layout-store';
import { StoreStatus } from '@/lib/store/store-status';
import type { Db } from './open-database';
import { sqliteFailureOf } from './sqlite-errors';
import { recordLayoutVersion } from './sqlite-layout-history-store';

/** The one row of `dashboard_layout`. */
const LAYOUT_ROW_ID = 1;

/**
 * The SQLite engine of {@link LayoutStore}: the version check and the write in one IMMEDIATE
 * transaction, so two saves based on the same version cannot both pass. A save commits when
 * `put` is called, so saves resolve in the order of their versions.
 */
export class SqliteLayoutStore implements LayoutStore {
  readonly #db: Db;
  readonly #status: StoreStatus;

  constructor(db: Db, status: StoreStatus = new StoreStatus(sqliteFailureOf)) {
    this.#db = db;
    this.#status = status;
  }

  async get(): Promise<Layout> {
    return this.#read();
  }

  async put(baseVersion: number, widgets: Widget[]): Promise<Layout> {
    const run = this.#db.$client.transaction((): Layout => {
      const current = this.#read().version;
      if (baseVersion !== current) throw layoutConflict(baseVersion, current);
      const next: Layout = { version: current + 1, widgets };
      const values = {
        version: next.version,
        json: JSON.stringify(widgets),
        updatedAt: Date.now(),
      };
      this.#db
        .insert(dashboardLayout)
        .values({ id: LAYOUT_ROW_ID, ...values })
        .onConflictDoUpdate({ target: dashboardLayout.id, set: values })
        .run();
      recordLayoutVersion(
        this.#db,
        DEFAULT_BOARD_HISTORY,
        next.version,
        values.json,
        values.updatedAt,
      );
      return next;
    });
    return this.#status.write('the layout was not saved', async () => run.immediate());
  }

  #read(): Layout {
    const row = this.#db
      .select()
      .from(dashboardLayout)
      .where(eq(dashboardLayout.id, LAYOUT_ROW_ID))
      .get();
    if (!row) return EMPTY_LAYOUT;
    return { version: row.version, widgets: JSON.parse(row.json) as Widget[] };
  }
}
