import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

/** How long a write waits for another connection's lock before failing, in milliseconds. */
export const DB_BUSY_TIMEOUT_MS = 5000;

/**
 * SQLite's `synchronous` level. FULL fsyncs the WAL at every commit, so a commit that returned
 * (and so every chat `ack` and ingest 200, sent after it) survives a power loss or an OS crash,
 * not only a crash of the process. Its cost is measured in docs/durability.md.
 */
export const DB_SYNCHRONOUS = 'FULL';

/** Generated SQL migrations, committed in `drizzle/` and applied at every start. */
export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Opens the SQLite file once (creating its folder), sets WAL, busy_timeout and foreign keys,
 * and applies pending migrations. Throws an Error naming the path when the file cannot be used.
 */
export function openDatabase(databasePath: string): Db {
  if (databasePath !== ':memory:') {
    fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  }
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(databasePath);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${DB_BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`synchronous = ${DB_SYNCHRONOUS}`);
    const db = drizzle({ client: sqlite, schema });
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return db;
  } catch (error) {
    sqlite?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot open the database at ${databasePath}: ${reason}`, { cause: error });
  }
}
