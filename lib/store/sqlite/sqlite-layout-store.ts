import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { dashboardLayout } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { Layout, Widget } from '@/lib/protocol';
import { StoreStatus } from '@/lib/store/store-status';

/** The one row of `dashboard_layout`. */
const LAYOUT_ROW_ID = 1;

/** The layout before anyone saved one: no widgets (every series shows as a default line). */
export const EMPTY_LAYOUT: Layout = { version: 0, widgets: [] };

/**
 * The shared dashboard layout in SQLite, with an optimistic version check: a write names the
 * version it was based on and is refused (`conflict`, 409) when another write came first.
 */
export class SqliteLayoutStore {
  readonly #db: Db;
  readonly #status: StoreStatus;

  constructor(db: Db, status: StoreStatus = new StoreStatus()) {
    this.#db = db;
    this.#status = status;
  }

  get(): Layout {
    const row = this.#db
      .select()
      .from(dashboardLayout)
      .where(eq(dashboardLayout.id, LAYOUT_ROW_ID))
      .get();
    if (!row) return EMPTY_LAYOUT;
    return { version: row.version, widgets: JSON.parse(row.json) as Widget[] };
  }

  /** Replaces the widgets when `baseVersion` is current; returns the new layout. */
  put(baseVersion: number, widgets: Widget[]): Layout {
    const run = this.#db.$client.transaction((): Layout => {
      const current = this.get().version;
      if (baseVersion !== current) {
        throw new AppError(
          'conflict',
          `the layout changed since version ${baseVersion}; it is now version ${current}: reload it and apply your change again`,
        );
      }
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
      return next;
    });
    return this.#status.write('the layout was not saved', () => run.immediate());
  }
}
