/**
 * What `synchronous = FULL` costs against NORMAL: ingest requests and chat messages committed
 * per second through the real stores (one transaction each, as the server does), one writer,
 * on a file in SYNC_BENCH_DIR (default `data/`, the disk the server writes to).
 *
 *   node --import tsx bench/sync-mode.ts
 *   SYNC_BENCH_SECONDS=5 SYNC_BENCH_DIR=/tmp node --import tsx bench/sync-mode.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@/lib/store/sqlite/open-database';
import { SqliteChatStore } from '@/lib/store/sqlite/sqlite-chat-store';
import { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';

/** How long each mode and path is measured, in seconds. */
const SECONDS = Number(process.env.SYNC_BENCH_SECONDS ?? 3);
/** Samples in one ingest request. */
const SAMPLES_PER_REQUEST = 10;
/** Rounds per mode: the median round is reported. */
const ROUNDS = 3;
const MODES = ['NORMAL', 'FULL'] as const;

const dir = process.env.SYNC_BENCH_DIR ?? 'data';
mkdirSync(dir, { recursive: true });
const root = mkdtempSync(path.join(dir, 'sync-bench-'));
try {
  const rows: string[] = [];
  for (const mode of MODES) {
    const ingest: number[] = [];
    const chat: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ingest.push(await measure(mode, `${round}`, 'ingest'));
      chat.push(await measure(mode, `${round}`, 'chat'));
    }
    rows.push(`| ${mode} | ${median(ingest).toFixed(0)} | ${median(chat).toFixed(0)} |`);
  }
  console.log(`file system of ${root}, ${SECONDS} s per measure, median of ${ROUNDS}`);
  console.log('| synchronous | ingest requests/s (10 samples) | chat messages/s |');
  console.log('|---|--:|--:|');
  for (const row of rows) console.log(row);
} finally {
  rmSync(root, { recursive: true, force: true });
}

async function measure(mode: string, round: string, what: 'ingest' | 'chat'): Promise<number> {
  const file = path.join(root, `${mode}-${what}-${round}.db`);
  const db = openDatabase(file);
  db.$client.pragma(`synchronous = ${mode}`);
  const metrics = new SqliteMetricStore(db);
  const chat = new SqliteChatStore(db);
  const deadline = performance.now() + SECONDS * 1000;
  let count = 0;
  while (performance.now() < deadline) {
    if (what === 'ingest') {
      const samples = [];
      for (let i = 0; i < SAMPLES_PER_REQUEST; i++) samples.push({ series: `s${i}`, value: count });
      await metrics.append(samples);
    } else {
      await chat.append({
        room: 'general',
        sender: 'name:bench',
        name: 'bench',
        text: `message ${count}`,
        clientMsgId: `c-${count}`,
      });
    }
    count++;
  }
  db.$client.close();
  return count / SECONDS;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
