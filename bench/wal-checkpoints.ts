/**
 * What the server's WAL checkpointer does to the WAL of a fast external writer: another process
 * (tests/integration/fixtures/hammer-samples.mjs) writes WAL_BENCH_ROWS rows, one a
 * transaction, as fast as it can, while this process holds the server's connection: it reads
 * new rows every 50 ms as the stream fan-out does, and runs one checkpointer variant. Prints the
 * WAL's peak (seen by the writer every millisecond) per variant, rounds interleaved:
 *
 * - `none`: no checkpointer (the writer's own auto-checkpoint alone);
 * - `waiting`: the policy before issue 10 A2 (TRUNCATE above 4 MiB with a 50 ms busy timeout,
 *   retried every 100 ms while busy; PASSIVE below);
 * - `current`: lib/store/sqlite/wal-checkpointer.ts.
 *
 *   node --import tsx bench/wal-checkpoints.ts
 *   WAL_BENCH_ROWS=100000 WAL_BENCH_ROUNDS=5 node --import tsx bench/wal-checkpoints.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { DB_BUSY_TIMEOUT_MS, openDatabase } from '@/lib/store/sqlite/open-database';
import { WAL_TRUNCATE_ABOVE_BYTES } from '@/lib/store/sqlite/wal-checkpoint-policy';
import { WalCheckpointer } from '@/lib/store/sqlite/wal-checkpointer';

/** Rows the external writer writes per run (one transaction each, about 12.6 KB of WAL). */
const ROWS = Number(process.env.WAL_BENCH_ROWS ?? 60_000);
/** Runs per variant. */
const ROUNDS = Number(process.env.WAL_BENCH_ROUNDS ?? 3);
/** How often the server-like connection reads new rows, in milliseconds (as the change poll). */
const READ_EVERY_MS = 50;
/** Rows one read takes at most (then it reads again at once). */
const READ_ROWS = 1000;
const VARIANTS = ['none', 'waiting', 'current'] as const;
type Variant = (typeof VARIANTS)[number];
const HAMMER = path.join(import.meta.dirname, '../tests/integration/fixtures/hammer-samples.mjs');

const peaks = new Map<Variant, string[]>(VARIANTS.map((v) => [v, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of VARIANTS) {
    const { walPeakBytes, txPerS } = await run(variant);
    peaks.get(variant)?.push(`${(walPeakBytes / 1e6).toFixed(1)} MB at ${txPerS} tx/s`);
  }
}
console.log(`${ROWS} rows per run, load average ${os.loadavg()[0]?.toFixed(1)} at the end`);
console.log('| checkpointer | WAL peak per run |');
console.log('|---|---|');
for (const [variant, runs] of peaks) console.log(`| ${variant} | ${runs.join('; ')} |`);

async function run(variant: Variant): Promise<{ walPeakBytes: number; txPerS: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pulseboard-wal-bench-'));
  const file = path.join(dir, 'db.sqlite');
  const db = openDatabase(file);
  const stop = startCheckpoints(variant, db.$client);
  const readAfter = db.$client.prepare<[number, number], { seq: number }>(
    'SELECT seq FROM samples WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  let cursor = 0;
  const reads = setInterval(() => {
    for (let rows = READ_ROWS; rows === READ_ROWS; ) {
      const page = readAfter.all(cursor, READ_ROWS);
      rows = page.length;
      cursor = page.at(-1)?.seq ?? cursor;
    }
  }, READ_EVERY_MS);
  try {
    const result = await hammer(file);
    return {
      walPeakBytes: result.walPeakBytes,
      txPerS: Math.round(ROWS / (result.durationMs / 1000)),
    };
  } finally {
    clearInterval(reads);
    stop();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function startCheckpoints(variant: Variant, sqlite: Database.Database): () => void {
  if (variant === 'none') return () => {};
  if (variant === 'current') {
    const checkpointer = new WalCheckpointer(sqlite);
    checkpointer.start();
    return () => checkpointer.stop();
  }
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    let busy = false;
    if (walBytes(sqlite) > WAL_TRUNCATE_ABOVE_BYTES) {
      sqlite.pragma('busy_timeout = 50');
      busy = (sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy === 1;
      sqlite.pragma(`busy_timeout = ${DB_BUSY_TIMEOUT_MS}`);
    } else {
      sqlite.pragma('wal_checkpoint(PASSIVE)');
    }
    timer = setTimeout(tick, busy ? 100 : 1000);
  };
  timer = setTimeout(tick, 1000);
  return () => clearTimeout(timer);
}

function walBytes(sqlite: Database.Database): number {
  try {
    return statSync(`${sqlite.name}-wal`).size;
  } catch {
    return 0;
  }
}

function hammer(file: string): Promise<{ walPeakBytes: number; durationMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HAMMER, file], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the writer exited with ${code}`)),
    );
    child.stdin.end(JSON.stringify({ series: 'bench.wal', rows: ROWS, txPerS: 0 }));
  });
}
