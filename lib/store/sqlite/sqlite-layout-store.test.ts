import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { AppError } from '@/lib/errors';
import type { Widget } from '@/lib/protocol';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { SqliteLayoutStore } from './layout-store';

const w: Widget = { id: 'w1', series: 'cpu', kind: 'stat', size: 's', warn: 1 };
let temp: ReturnType<typeof openTempDatabase>;
let store: SqliteLayoutStore;

beforeEach(() => {
  temp = openTempDatabase();
  store = new SqliteLayoutStore(temp.db);
});
afterEach(() => temp.dispose());

describe('SqliteLayoutStore', () => {
  it('starts empty at version 0 and counts versions up', () => {
    expect(store.get()).toEqual({ version: 0, widgets: [] });
    expect(store.put(0, [w])).toEqual({ version: 1, widgets: [w] });
    expect(store.put(1, [])).toEqual({ version: 2, widgets: [] });
    expect(store.get()).toEqual({ version: 2, widgets: [] });
  });

  it('refuses a stale or future base version with conflict and keeps the stored layout', () => {
    store.put(0, [w]);
    for (const base of [0, 2]) {
      expect(() => store.put(base, [])).toThrow(AppError);
      try {
        store.put(base, []);
      } catch (error) {
        expect((error as AppError).code).toBe('conflict');
        expect((error as AppError).status).toBe(409);
      }
    }
    expect(store.get()).toEqual({ version: 1, widgets: [w] });
  });

  it('is read back after the database is reopened', () => {
    store.put(0, [w]);
    temp.db.$client.close();
    const reopened = openDatabase(temp.file);
    try {
      expect(new SqliteLayoutStore(reopened).get()).toEqual({ version: 1, widgets: [w] });
    } finally {
      reopened.$client.close();
    }
  });
});
