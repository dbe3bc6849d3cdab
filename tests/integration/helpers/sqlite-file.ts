import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

// Direct access to the SQLite file, for the tests about SQLite itself: other processes writing
// the file, WAL pressure, read-only and full files, files that are not ours. Tests that only
// seed or count go through the stores (./stores.ts) or the HTTP API.

const WRITER_SCRIPT = fileURLToPath(new URL('../fixtures/write-samples.mjs', import.meta.url));
const HAMMER_SCRIPT = fileURLToPath(new URL('../fixtures/hammer-samples.mjs', import.meta.url));

/** Runs `fn` on a connection of its own to the server's SQLite file, then closes it. */
export function withDatabase<T>(databasePath: string, fn: (db: Database.Database) => T): T {
  const db = new Database(databasePath);
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

export type ExternalSample = { series: string; value: number; ts?: number; unit?: string };
/** What the writer process did for each batch: the seqs it assigned and when it committed. */
export type ExternalCommit = { seqs: number[]; committedAt: number };

/**
 * Spawns a separate `node` process that opens the SQLite file with better-sqlite3 and
 * inserts each batch into `series`/`samples` in a transaction of its own.
 */
export function writeFromAnotherProcess(
  databasePath: string,
  batches: readonly (readonly ExternalSample[])[],
): Promise<ExternalCommit[]> {
  return runWriter<ExternalCommit[]>([WRITER_SCRIPT, databasePath], JSON.stringify(batches));
}

/**
 * What the hammering writer did: the seq of each row (value i has seqs[i]), and the largest
 * WAL file it saw between its transactions (looked at every millisecond), in bytes.
 */
export type HammerResult = {
  seqs: number[];
  durationMs: number;
  busyRetries: number;
  walPeakBytes: number;
};

export type HammerOptions = {
  /** Transactions a second the writer is paced to; 0 or absent: as fast as it can. */
  txPerS?: number;
  /**
   * A reader of that process keeps a snapshot open (the WAL cannot be reset) until the WAL file
   * has reached this size, in bytes; the writer then writes `rows` more.
   */
  holdReaderUntilWalBytes?: number;
};

/**
 * Spawns a separate `node` process that inserts `rows` samples of `series` (values 0, 1, 2,
 * ...), one per transaction: paced to `txPerS`, or as fast as it can.
 */
export function hammerFromAnotherProcess(
  databasePath: string,
  series: string,
  rows: number,
  options: HammerOptions = {},
): Promise<HammerResult> {
  return runWriter<HammerResult>(
    [HAMMER_SCRIPT, databasePath],
    JSON.stringify({ series, rows, ...options }),
  );
}

function runWriter<T>(args: string[], stdin: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The writer exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout) as T);
    });
    child.stdin.end(stdin);
  });
}

/**
 * The highest sample seq ever assigned in the file (0 when none), read straight from SQLite:
 * for tests of the file itself (read-only, full disk), where opening the stores is the point.
 */
export function lastSqliteSeq(databasePath: string): number {
  return withDatabase(databasePath, (db) => {
    const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'samples'").get() as
      | { seq: number }
      | undefined;
    return row?.seq ?? 0;
  });
}

/**
 * Keeps a connection of its own open on the file and tells whether any other connection has
 * committed since (`PRAGMA data_version`), or changed the schema (`schema_version`).
 */
export function watchCommits(databasePath: string): { committed(): boolean; close(): void } {
  const db = new Database(databasePath);
  const read = () => [
    db.pragma('data_version', { simple: true }),
    db.pragma('schema_version', { simple: true }),
  ];
  const [data, schema] = read();
  return {
    committed: () => {
      const [dataNow, schemaNow] = read();
      return dataNow !== data || schemaNow !== schema;
    },
    close: () => db.close(),
  };
}

/** Watches the size of `<databasePath>-wal` every `everyMs` until `stop()`, keeping the peak. */
export function watchWalSize(
  databasePath: string,
  everyMs: number,
): { peakBytes(): number; currentBytes(): number; stop(): void } {
  const walPath = `${databasePath}-wal`;
  const sizeNow = () => {
    try {
      return statSync(walPath).size;
    } catch {
      return 0;
    }
  };
  let peak = sizeNow();
  const timer = setInterval(() => {
    peak = Math.max(peak, sizeNow());
  }, everyMs);
  return {
    peakBytes: () => Math.max(peak, sizeNow()),
    currentBytes: sizeNow,
    stop: () => clearInterval(timer),
  };
}
