import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '@/db/schema';
import { checkDatabaseFile } from './check-database-file';

/** How long a write waits for another connection's lock before failing, in milliseconds. */
export const DB_BUSY_TIMEOUT_MS = 5000;

/**
 * Largest size the WAL file is kept at when SQLite resets it (`PRAGMA journal_size_limit`), in
 * bytes. The WAL checkpointer (./wal-checkpointer.ts) truncates it above the same size.
 */
export const WAL_JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;

export type OpenDatabaseOptions = {
  /**
   * Cap on the database file, in bytes (`PRAGMA max_page_count`, rounded down to whole pages).
   * A write that would grow the file past it fails with SQLITE_FULL. No cap when absent.
   */
  maxBytes?: number;
};

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
 * and applies pending migrations. Throws an Error naming the path when the file cannot be used;
 * a file that is not a Pulseboard database (see checkDatabaseFile) is refused untouched.
 */
export function openDatabase(databasePath: string, options: OpenDatabaseOptions = {}): Db {
  if (databasePath !== ':memory:') {
    fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  }
  let sqlite: Database.Database | undefined;
  try {
    checkDatabaseFile(databasePath, MIGRATIONS_FOLDER);
    sqlite = new Database(databasePath);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${DB_BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`synchronous = ${DB_SYNCHRONOUS}`);
    sqlite.pragma(`journal_size_limit = ${WAL_JOURNAL_SIZE_LIMIT_BYTES}`);
    if (options.maxBytes !== undefined) capSize(sqlite, options.maxBytes);
    const db = drizzle({ client: sqlite, schema });
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return db;
  } catch (error) {
    sqlite?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot open the database at ${databasePath}: ${reason}`, { cause: error });
  }
}

/** Sets `max_page_count` so the file stays within `maxBytes` (whole pages). */
function capSize(sqlite: Database.Database, maxBytes: number): void {
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  sqlite.pragma(`max_page_count = ${Math.floor(maxBytes / pageSize)}`);
}
