import fs from 'node:fs';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/** The 16 bytes every SQLite 3 database file starts with. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** The table in which drizzle records applied migrations. */
const MIGRATIONS_TABLE = '__drizzle_migrations';
/** At most this many foreign table names are named in the refusal. */
const NAMED_TABLES_MAX = 5;
const SIDECARS = ['-wal', '-shm', '-journal'] as const;

/**
 * Refuses, before anything writes to it, a file at `databasePath` that is not a Pulseboard
 * database: not SQLite at all, a SQLite database of another application (tables but no
 * migrations table), or one migrated by a newer Pulseboard (migrations this build lacks).
 * A missing or empty file passes (a new database). Throws an Error saying what is wrong; the
 * file is left byte-for-byte as it was and no `-wal`/`-shm` file is left behind.
 */
export function checkDatabaseFile(databasePath: string, migrationsFolder: string): void {
  if (databasePath === ':memory:') return;
  const size = fileSize(databasePath);
  if (size === undefined || size === 0) return;
  if (!startsWithSqliteHeader(databasePath)) {
    throw new Error(
      'the file is not a SQLite database (it does not start with the SQLite header); ' +
        'refusing to modify it. Point DATABASE_PATH at a Pulseboard database or a new file.',
    );
  }
  const existing = new Set(SIDECARS.filter((s) => fs.existsSync(databasePath + s)));
  try {
    checkTables(databasePath, migrationsFolder);
  } catch (error) {
    // Only on refusal: on success the file is ours and opened for real right after.
    for (const s of SIDECARS) {
      if (!existing.has(s)) fs.rmSync(databasePath + s, { force: true });
    }
    throw error;
  }
}

function checkTables(databasePath: string, migrationsFolder: string): void {
  let tables: string[];
  let applied: string[] = [];
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    )
      .map((row) => row.name)
      .filter((name) => !name.startsWith('sqlite_'));
    if (tables.includes(MIGRATIONS_TABLE)) {
      applied = (
        db.prepare(`SELECT hash FROM ${MIGRATIONS_TABLE}`).all() as { hash: string }[]
      ).map((row) => row.hash);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the file is a damaged SQLite database (${reason}); refusing to modify it`, {
      cause: error,
    });
  } finally {
    db.close();
  }
  if (tables.length === 0) return;
  if (!tables.includes(MIGRATIONS_TABLE)) {
    const named = tables.slice(0, NAMED_TABLES_MAX).join(', ');
    const more =
      tables.length > NAMED_TABLES_MAX ? `, and ${tables.length - NAMED_TABLES_MAX} more` : '';
    throw new Error(
      `the file is a SQLite database of another application (tables: ${named}${more}); ` +
        'refusing to modify it',
    );
  }
  const known = new Set(readMigrationFiles({ migrationsFolder }).map((m) => m.hash));
  const unknown = applied.filter((hash) => !known.has(hash));
  if (unknown.length > 0) {
    throw new Error(
      `the database has ${unknown.length} migration(s) this version of Pulseboard does not know ` +
        '(written by a newer version?); refusing to modify it',
    );
  }
}

function fileSize(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function startsWithSqliteHeader(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}
