import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from './open-database';
import { SqliteChatStore } from './sqlite-chat-store';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-unit-rollups-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A database as an older release left it: the migrations up to `lastTag` applied. */
function openDatabaseMigratedTo(file: string, lastTag: string): Database.Database {
  const folder = path.join(dir, `drizzle-${lastTag}`);
  fs.mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(
    fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'),
  ) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  journal.entries = journal.entries.slice(0, last + 1);
  for (const { tag } of journal.entries) {
    fs.copyFileSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), path.join(folder, `${tag}.sql`));
  }
  fs.writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  const sqlite = new Database(file);
  migrate(drizzle({ client: sqlite }), { migrationsFolder: folder });
  return sqlite;
}

/** The retention floor an upgraded database starts with. */
function floorAfterUpgrade(file: string): number {
  const db = openDatabase(file);
  try {
    return (db.$client.prepare('SELECT seq FROM retention_floor').get() as { seq: number }).seq;
  } finally {
    db.$client.close();
  }
}

describe('the rollup migrations', () => {
  it('backfill minute and hour rollups from the samples an existing database holds', () => {
    const file = path.join(dir, 'db.sqlite');
    const old = openDatabaseMigratedTo(file, '0000_init');
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

describe('the retention floor migration', () => {
  /** A database of the release before it, with samples 1..5 of which `deleted` are gone. */
  function before(deleted: string): string {
    const file = path.join(dir, 'db.sqlite');
    const old = openDatabaseMigratedTo(file, '0003_layout');
    old.prepare("INSERT INTO series (id, name, created_at) VALUES (1, 'a', 0)").run();
    const insert = old.prepare('INSERT INTO samples (series_id, ts, value) VALUES (1, ?, 0)');
    for (let ts = 1; ts <= 5; ts++) insert.run(ts);
    if (deleted) old.exec(`DELETE FROM samples WHERE ${deleted}`);
    old.close();
    return file;
  }

  it.each([
    ['nothing deleted', '', 0],
    ['a prefix deleted by the old retention', 'seq <= 2', 2],
    ['every sample deleted', '1 = 1', 5],
  ])('starts the floor below what is kept: %s', (_what, deleted, floor) => {
    expect(floorAfterUpgrade(before(deleted))).toBe(floor);
  });

  it('starts a new database at 0', () => {
    expect(floorAfterUpgrade(path.join(dir, 'new.sqlite'))).toBe(0);
  });
});

describe('the chat sender migrations', () => {
  it('keep every message, give old rows the sender of their name, and scope the key to it', async () => {
    const file = path.join(dir, 'db.sqlite');
    const old = openDatabaseMigratedTo(file, '0004_retention_floor');
    const insert = old.prepare(
      'INSERT INTO chat_messages (name, text, ts, client_msg_id) VALUES (?, ?, 1, ?)',
    );
    insert.run('ada', 'one', 'k1');
    insert.run('bob', 'two', null);
    old.close();

    const db = openDatabase(file);
    try {
      const rows = db.$client
        .prepare('SELECT id, name, text, sender, client_msg_id FROM chat_messages ORDER BY id')
        .all();
      expect(rows).toEqual([
        { id: 1, name: 'ada', text: 'one', sender: 'name:ada', client_msg_id: 'k1' },
        { id: 2, name: 'bob', text: 'two', sender: 'name:bob', client_msg_id: null },
      ]);
      const chat = new SqliteChatStore(db);
      const repeat = await chat.append({
        room: 'general',
        sender: 'name:ada',
        name: 'ada',
        text: 'x',
        clientMsgId: 'k1',
      });
      const other = await chat.append({
        room: 'general',
        sender: 'user:ada',
        name: 'ada',
        text: 'y',
        clientMsgId: 'k1',
      });
      expect(repeat).toMatchObject({ duplicate: true, message: { id: 1, text: 'one' } });
      expect(other).toMatchObject({ duplicate: false, message: { id: 3, text: 'y' } });
    } finally {
      db.$client.close();
    }
  });
});

describe('the series last_ts and deletions migration', () => {
  it('fills last_ts from the samples an existing database holds, then keeps it with a trigger', () => {
    const file = path.join(dir, 'db.sqlite');
    const old = openDatabaseMigratedTo(file, '0006_chat_sender_backfill');
    old.exec(
      "INSERT INTO series (id, name, created_at) VALUES (1, 'a', 0), (2, 'b', 0), (3, 'empty', 0)",
    );
    const insert = old.prepare('INSERT INTO samples (series_id, ts, value) VALUES (?, ?, 0)');
    insert.run(1, 300);
    insert.run(1, 100);
    insert.run(2, 200);
    old.close();

    const db = openDatabase(file);
    try {
      const lastTs = () =>
        db.$client.prepare('SELECT name, last_ts AS lastTs FROM series ORDER BY id').all();
      expect(lastTs()).toEqual([
        { name: 'a', lastTs: 300 },
        { name: 'b', lastTs: 200 },
        { name: 'empty', lastTs: null },
      ]);
      db.$client.prepare('INSERT INTO samples (series_id, ts, value) VALUES (3, 50, 1)').run();
      db.$client.prepare('INSERT INTO samples (series_id, ts, value) VALUES (2, 150, 1)').run();
      expect(lastTs()).toEqual([
        { name: 'a', lastTs: 300 },
        { name: 'b', lastTs: 200 },
        { name: 'empty', lastTs: 50 },
      ]);
      expect(db.$client.prepare('SELECT count(*) AS n FROM series_deletions').get()).toEqual({
        n: 0,
      });
    } finally {
      db.$client.close();
    }
  });
});

describe('the series metric and labels migration', () => {
  it('gives existing series their name as metric and no labels; names the metric of rows other writers insert', () => {
    const file = path.join(dir, 'db.sqlite');
    const old = openDatabaseMigratedTo(file, '0007_series_last_ts_and_deletions');
    old.exec("INSERT INTO series (id, name, created_at) VALUES (1, 'host.cpu', 0), (2, 'b', 0)");
    old.close();

    const db = openDatabase(file);
    try {
      const rows = () =>
        db.$client.prepare('SELECT name, metric, labels FROM series ORDER BY id').all();
      expect(rows()).toEqual([
        { name: 'host.cpu', metric: 'host.cpu', labels: '{}' },
        { name: 'b', metric: 'b', labels: '{}' },
      ]);
      // A writer that knows nothing of labels (tests/integration/fixtures/write-samples.mjs).
      db.$client.exec(
        `INSERT INTO series (name, created_at) VALUES ('ext', 0), ('cpu{host="a"}', 0)`,
      );
      db.$client.exec(
        `INSERT INTO series (name, metric, labels, created_at) VALUES ('m{a="1"}', 'm', '{"a":"1"}', 0)`,
      );
      expect(rows().slice(2)).toEqual([
        { name: 'ext', metric: 'ext', labels: '{}' },
        { name: 'cpu{host="a"}', metric: 'cpu', labels: '{}' },
        { name: 'm{a="1"}', metric: 'm', labels: '{"a":"1"}' },
      ]);
    } finally {
      db.$client.close();
    }
  });
});
