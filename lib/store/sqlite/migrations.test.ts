import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from './client';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-unit-rollups-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A database as the release before rollups left it: only `0000_init` applied. */
function openPreRollupDatabase(file: string): Database.Database {
  const folder = path.join(dir, 'drizzle-0000');
  fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
  fs.copyFileSync(
    path.join(MIGRATIONS_FOLDER, '0000_init.sql'),
    path.join(folder, '0000_init.sql'),
  );
  const journal = JSON.parse(
    fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'),
  ) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag === '0000_init');
  fs.writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  const sqlite = new Database(file);
  migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
  return sqlite;
}

describe('the rollup migrations', () => {
  it('backfill minute and hour rollups from the samples an existing database holds', () => {
    const file = path.join(dir, 'db.sqlite');
    const old = openPreRollupDatabase(file);
    old.prepare("INSERT INTO series (id, name, created_at) VALUES (1, 'a', 0)").run();
    const insert = old.prepare('INSERT INTO samples (series_id, ts, value) VALUES (1, ?, ?)');
    insert.run(3_600_000, 2);
    insert.run(3_600_000 + 59_999, 6);
    insert.run(3_600_000 + 60_000, 1);
    old.close();

    const db = openDatabase(file);
    try {
      const rows = (table: string) =>
        db.$client.prepare(`SELECT bucket_ts, min, max, sum, count FROM ${table}`).all();
      expect(rows('samples_1m')).toEqual([
        { bucket_ts: 3_600_000, min: 2, max: 6, sum: 8, count: 2 },
        { bucket_ts: 3_660_000, min: 1, max: 1, sum: 1, count: 1 },
      ]);
      expect(rows('samples_1h')).toEqual([
        { bucket_ts: 3_600_000, min: 1, max: 6, sum: 9, count: 3 },
      ]);
      // And the triggers are in place for what comes next.
      db.$client
        .prepare('INSERT INTO samples (series_id, ts, value) VALUES (1, ?, 10)')
        .run(3_600_000);
      expect(rows('samples_1h')).toEqual([
        { bucket_ts: 3_600_000, min: 1, max: 10, sum: 19, count: 4 },
      ]);
    } finally {
      db.$client.close();
    }
  });
});
