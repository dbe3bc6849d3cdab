import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { decodeRangeSeries } from '@/lib/store/range-json';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { type RangeWorkerData, RangeWorkerPool, spawnRangeWorker } from './range-worker-pool';
import { SqliteMetricStore } from './sqlite-metric-store';

const T0 = 1_700_000_000_000;
const RAW = { from: T0, to: T0 + 1000 };

let temp: ReturnType<typeof openTempDatabase>;
let store: SqliteMetricStore;
let pools: RangeWorkerPool[];
beforeEach(() => {
  temp = openTempDatabase();
  store = new SqliteMetricStore(temp.db);
  pools = [];
});
afterEach(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await store.close();
  temp.dispose();
});

/** A pool on the temp file whose workers the test can reach. */
function poolOf(size: number, spawn: (data: RangeWorkerData) => Worker = spawnRangeWorker) {
  const started: Worker[] = [];
  const pool = new RangeWorkerPool({
    path: temp.file,
    size,
    spawn: (data) => {
      const worker = spawn(data);
      started.push(worker);
      return worker;
    },
  });
  pools.push(pool);
  return { pool, started };
}

async function seriesOf(read: Promise<{ seq: number; seriesJson: Uint8Array }>) {
  const { seq, seriesJson } = await read;
  return { seq, series: decodeRangeSeries(seriesJson) };
}

/** A worker that dies (an uncaught throw) at the first read it is given. */
function crashingWorker(): Worker {
  return new Worker(
    "require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom'); });",
    { eval: true },
  );
}

/** A worker that takes every read and never answers (a read stays in flight until it is killed). */
function silentWorker(): Worker {
  return new Worker("require('node:worker_threads').parentPort.on('message', () => {});", {
    eval: true,
  });
}

describe('RangeWorkerPool', () => {
  it('starts no worker before the first read, then reads in one and keeps it', async () => {
    const { seq } = await store.append([{ series: 'a', value: 1, ts: T0 }]);
    const { pool, started } = poolOf(2);
    expect(pool.workers).toBe(0);

    const first = await seriesOf(pool.read(RAW, 'raw'));
    const second = await seriesOf(pool.read(RAW, 'raw'));

    expect(first).toEqual({ seq, series: [{ name: 'a', points: [[T0, 1]] }] });
    expect(second).toEqual(first);
    expect(started).toHaveLength(1);
    expect(pool.workers).toBe(1);
  });

  it('sees every commit made before the read, on a worker that is already running', async () => {
    const { pool } = poolOf(1);
    await pool.read(RAW, 'raw');
    const { seq } = await store.append([{ series: 'a', value: 2, ts: T0 + 1 }]);

    expect(await seriesOf(pool.read(RAW, 'raw'))).toEqual({
      seq,
      series: [{ name: 'a', points: [[T0 + 1, 2]] }],
    });
  });

  it('runs at most `size` workers; more reads wait and are all answered', async () => {
    await store.append([{ series: 'a', value: 1, ts: T0 }]);
    const { pool, started } = poolOf(2);

    const reads = Array.from({ length: 5 }, () => seriesOf(pool.read(RAW, 'raw')));
    expect(pool.workers).toBe(2);
    const answers = await Promise.all(reads);

    expect(started).toHaveLength(2);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
  });

  it('fails the read of a worker killed under it with 503 store_unavailable, and the next read gets a new worker', async () => {
    const { seq } = await store.append([{ series: 'a', value: 1, ts: T0 }]);
    // The first worker never answers: its read is surely in flight when it is killed.
    let spawned = 0;
    const { pool, started } = poolOf(1, (data) =>
      spawned++ === 0 ? silentWorker() : spawnRangeWorker(data),
    );

    const killed = pool.read(RAW, 'raw');
    await started[0]?.terminate();

    const error = await killed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'store_unavailable', status: 503, retryAfterS: 1 });
    expect(pool.stats.died).toBe(1);
    expect((await pool.read(RAW, 'raw')).seq).toBe(seq);
    expect(started).toHaveLength(2);
  });

  it('fails the read of a worker that crashes with store_unavailable naming the error, then replaces it', async () => {
    let spawned = 0;
    const { pool } = poolOf(1, (data) =>
      spawned++ === 0 ? crashingWorker() : spawnRangeWorker(data),
    );

    const error = await pool.read(RAW, 'raw').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'store_unavailable', cause: { message: 'boom' } });
    expect((await pool.read(RAW, 'raw')).seq).toBe(0);
  });

  it('fails a read whose worker cannot even be started with store_unavailable, then starts one for the next read', async () => {
    let spawned = 0;
    const { pool } = poolOf(1, (data) => {
      if (spawned++ === 0) throw new Error('no more threads');
      return spawnRangeWorker(data);
    });

    const error = await pool.read(RAW, 'raw').catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'store_unavailable',
      cause: { message: 'no more threads' },
    });
    expect((await pool.read(RAW, 'raw')).seq).toBe(0);
  });

  it('fails a read whose worker cannot open the file, without stopping the pool', async () => {
    const pool = new RangeWorkerPool({ path: `${temp.file}.missing`, size: 1 });
    pools.push(pool);

    const error = await pool.read(RAW, 'raw').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'store_unavailable', cause: { code: 'SQLITE_CANTOPEN' } });
    expect(pool.workers).toBe(0);
  });

  it('on close fails the reads running and waiting with shutting_down, ends its workers and refuses more', async () => {
    const { pool } = poolOf(1);
    const running = pool.read(RAW, 'raw').catch((e: unknown) => e);
    const waiting = pool.read(RAW, 'raw').catch((e: unknown) => e);

    await pool.close();

    expect(await running).toMatchObject({ code: 'shutting_down' });
    expect(await waiting).toMatchObject({ code: 'shutting_down' });
    expect(pool.workers).toBe(0);
    await expect(pool.read(RAW, 'raw')).rejects.toMatchObject({ code: 'shutting_down' });
  });

  it('refuses a size below 1', () => {
    expect(() => new RangeWorkerPool({ path: temp.file, size: 0 })).toThrow(TypeError);
  });
});
