import Database from 'better-sqlite3';

/**
 * Opens the baselines' SQLite file the way Pulseboard opens its own (WAL, synchronous FULL:
 * an acknowledged write survives a power loss, see docs/durability.md) and creates their two
 * minimal tables.
 */
export function openBaselineDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS samples (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      series TEXT NOT NULL,
      ts INTEGER NOT NULL,
      value REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS samples_ts ON samples (ts);
    CREATE TABLE IF NOT EXISTS chat_messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      text TEXT NOT NULL,
      ts INTEGER NOT NULL,
      client_msg_id TEXT
    );
  `);
  return db;
}

/** Reads the port, host and database path the bench passes to a baseline server. */
export function readBaselineEnv(): { port: number; host: string; databasePath: string } {
  const databasePath = process.env.DATABASE_PATH;
  if (!databasePath) throw new Error('DATABASE_PATH must be set');
  return {
    port: Number(process.env.PORT ?? 0),
    host: process.env.HOST ?? '127.0.0.1',
    databasePath,
  };
}

/** Logs the line Pulseboard logs when it is ready, and exits when the bench goes away. */
export function announceListening(url: string): void {
  process.stdout.write(`${JSON.stringify({ level: 'info', msg: 'listening', url })}\n`);
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
