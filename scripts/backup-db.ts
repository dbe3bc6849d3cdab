/**
 * Online backup of the SQLite file, for machines without the sqlite3 CLI:
 *
 *   DATABASE_PATH=/var/lib/pulseboard/pulseboard.db node --import tsx scripts/backup-db.ts <dest>
 *
 * Safe while the server runs: it uses SQLite's online backup API (better-sqlite3's
 * `db.backup()`) on a read-only connection, so the copy is one consistent snapshot and the
 * server keeps writing meanwhile (WAL mode). The copy is then switched out of WAL mode (one
 * self-contained file), given a database epoch of its own (lib/store/database-epoch.ts: once
 * restored it is another timeline, and a browser holding a cursor of the live database must get a
 * snapshot from it, not its rows) and checked with `PRAGMA integrity_check`. It refuses to
 * overwrite a file.
 * Exit codes: 0 done, 1 the backup failed, 2 bad arguments. deploy/README.md has the rest.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { envSchema } from '../lib/env';

/** Pages copied per backup step: all of them, so the copy is taken in one step (see below). */
const ALL_PAGES = 0x7fffffff;

const dest = process.argv[2];
if (!dest || process.argv.length > 3 || dest.startsWith('-')) {
  console.error('usage: node --import tsx scripts/backup-db.ts <dest.db>   (reads DATABASE_PATH)');
  process.exit(2);
}
const parsed = envSchema.shape.DATABASE_PATH.safeParse(process.env.DATABASE_PATH);
if (!parsed.success) fail('DATABASE_PATH is empty', 2);
const source = parsed.data;
if (!fs.existsSync(source)) fail(`no database at ${source} (set DATABASE_PATH)`, 2);
if (fs.existsSync(dest)) fail(`${dest} already exists; choose a new name`, 2);
if (!fs.existsSync(path.dirname(path.resolve(dest)))) {
  fail(`the folder of ${dest} does not exist`, 2);
}

try {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  // By default the copy goes 100 pages per step, and restarts whenever the server commits
  // between two steps: on a busy large file it might never finish. One step copies a snapshot.
  const { totalPages } = await db.backup(dest, { progress: () => ALL_PAGES });
  db.close();
  const copy = new Database(dest);
  copy.pragma('journal_mode = DELETE');
  const hasEpoch = copy
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'database_epoch'")
    .get();
  // A database older than the epoch gets one from its migration when it is restored.
  if (hasEpoch) {
    copy.prepare('UPDATE database_epoch SET epoch = lower(hex(randomblob(8))) WHERE id = 1').run();
  }
  const check = copy.pragma('integrity_check', { simple: true });
  copy.close();
  if (check !== 'ok') fail(`the copy at ${dest} fails integrity_check: ${String(check)}`, 1);
  console.log(`backed up ${source} to ${dest} (${totalPages} pages, integrity ok)`);
} catch (error) {
  fs.rmSync(dest, { force: true }); // Ours: it did not exist before. A partial copy misleads.
  fail(`backup of ${source} failed: ${error instanceof Error ? error.message : error}`, 1);
}

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}
