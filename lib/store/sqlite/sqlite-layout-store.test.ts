import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Widget } from '@/lib/protocol';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { openDatabase } from './open-database';
import { SqliteLayoutStore } from './sqlite-layout-store';

// Versions and conflicts are in tests/store-contract; this is what is SQLite's own.
const w: Widget = { id: 'w1', series: 'cpu', kind: 'stat', size: 's', warn: 1 };
let temp: ReturnType<typeof openTempDatabase>;
let store: SqliteLayoutStore;

beforeEach(() => {
  temp = openTempDatabase();
  store = new SqliteLayoutStore(temp.db);
});
afterEach(() => temp.dispose());

describe('SqliteLayoutStore', () => {
  it('is read back after the database is closed and reopened', async () => {
    await store.put(0, [w]);
    temp.db.$client.close();
    const reopened = openDatabase(temp.file);
    try {
      expect(await new SqliteLayoutStore(reopened).get()).toEqual({ version: 1, widgets: [w] });
    } finally {
      reopened.$client.close();
    }
  });

  it('keeps one row whatever the number of saves', async () => {
    for (let v = 0; v < 5; v++) await store.put(v, [w]);
    expect(temp.db.$client.prepare('SELECT count(*) AS n FROM dashboard_layout').get()).toEqual({
      n: 1,
    });
  });
});
