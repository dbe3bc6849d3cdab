import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import type { RangeResolution } from '@/lib/protocol';
import type { RangeRead, RangeRequest } from '@/lib/store/metric-store';
import { DB_BUSY_TIMEOUT_MS } from './open-database';

/** What a range worker is started with. */
export type RangeWorkerData = {
  /** The database file, opened read-only. */
  path: string;
  /** `PRAGMA busy_timeout` of the worker's connection, in milliseconds. */
  busyTimeoutMs: number;
};

/** One range read asked of a worker. */
export type RangeWorkerRequest = { request: RangeRequest; resolution: RangeResolution };

/** A worker's answer: the read, or what the read threw (its name, message and engine code). */
export type RangeWorkerReply =
  | ({ ok: true } & RangeRead)
  | { ok: false; name: string; message: string; code: string | undefined };

/** `Retry-After` of a range read whose worker thread stopped under it, in seconds. */
export const RANGE_WORKER_RETRY_AFTER_S = 1;

export type RangeWorkerPoolOptions = {
  /** The SQLite file (not `:memory:`: a worker cannot share an in-memory database). */
  path: string;
  /** Workers at most, each running one read at a time (RANGE_CONCURRENCY_MAX). */
  size: number;
  /** Starts one worker thread (tests wrap it to reach the worker and kill it). */
  spawn?: (data: RangeWorkerData) => Worker;
};

type Job = {
  message: RangeWorkerRequest;
  resolve: (read: RangeRead) => void;
  reject: (error: unknown) => void;
};

/**
 * Runs range reads in worker threads, each with its own read-only connection, so that neither
 * the read nor its JSON blocks the event loop. Workers start lazily (none until the first read),
 * at most `size`; reads beyond that wait in order. A worker that dies fails the read it was
 * running with `503 store_unavailable` and is replaced at the next read. `close()` ends them all.
 * An idle worker does not keep the process alive.
 */
export class RangeWorkerPool {
  readonly #path: string;
  readonly #size: number;
  readonly #spawn: (data: RangeWorkerData) => Worker;
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, Job>();
  readonly #queue: Job[] = [];
  readonly #errors = new Map<Worker, Error>();
  #closed = false;
  /** Workers started and workers that stopped unasked, since the pool was made. */
  readonly stats = { started: 0, died: 0 };

  constructor(options: RangeWorkerPoolOptions) {
    if (!(Number.isInteger(options.size) && options.size >= 1)) {
      throw new TypeError('size must be a whole number of at least 1');
    }
    this.#path = path.resolve(options.path);
    this.#size = options.size;
    this.#spawn = options.spawn ?? spawnRangeWorker;
  }

  /** Workers alive now (idle or reading). */
  get workers(): number {
    return this.#idle.length + this.#busy.size;
  }

  /** Reads a range in a worker; rejects with what the read threw, or `store_unavailable`. */
  read(request: RangeRequest, resolution: RangeResolution): Promise<RangeRead> {
    if (this.#closed) return Promise.reject(closedError());
    return new Promise((resolve, reject) => {
      this.#queue.push({ message: { request, resolution }, resolve, reject });
      this.#dispatch();
    });
  }

  /** Fails the waiting reads, ends every worker (a read in progress fails) and waits for them. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(closedError());
    const all = [...this.#idle, ...this.#busy.keys()];
    await Promise.all(all.map((worker) => worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let worker = this.#idle.pop();
      if (!worker && this.workers >= this.#size) return;
      try {
        worker ??= this.#start();
      } catch (error) {
        this.#queue.shift()?.reject(stoppedError('could not start', error));
        continue;
      }
      const job = this.#queue.shift() as Job;
      this.#busy.set(worker, job);
      worker.ref();
      worker.postMessage(job.message);
    }
  }

  #start(): Worker {
    const worker = this.#spawn({ path: this.#path, busyTimeoutMs: DB_BUSY_TIMEOUT_MS });
    this.stats.started++;
    worker.on('message', (reply: RangeWorkerReply) => this.#onReply(worker, reply));
    worker.on('error', (error: unknown) => this.#errors.set(worker, asError(error)));
    worker.once('exit', (code) => this.#onExit(worker, code));
    return worker;
  }

  #onReply(worker: Worker, reply: RangeWorkerReply): void {
    const job = this.#busy.get(worker);
    this.#busy.delete(worker);
    this.#idle.push(worker);
    worker.unref();
    if (reply.ok) job?.resolve({ seq: reply.seq, seriesJson: reply.seriesJson });
    else
      job?.reject(Object.assign(new Error(reply.message), { name: reply.name, code: reply.code }));
    this.#dispatch();
  }

  #onExit(worker: Worker, exitCode: number): void {
    const job = this.#busy.get(worker);
    const error = this.#errors.get(worker);
    this.#busy.delete(worker);
    this.#errors.delete(worker);
    const at = this.#idle.indexOf(worker);
    if (at >= 0) this.#idle.splice(at, 1);
    if (this.#closed) {
      job?.reject(closedError());
      return;
    }
    this.stats.died++;
    log.warn('range worker stopped', {
      exitCode,
      reading: job !== undefined,
      ...(error ? errorFields(error) : {}),
    });
    job?.reject(stoppedError(`stopped (exit code ${exitCode})`, error));
    this.#dispatch();
  }
}

/**
 * Starts a worker on the production bundle's `dist/range-worker.mjs` (beside dist/server.mjs,
 * which this module is bundled into), or from source through the tsx bootstrap beside this file.
 */
export function spawnRangeWorker(data: RangeWorkerData): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(
    fromSource ? './range-worker-tsx.mjs' : './range-worker.mjs',
    import.meta.url,
  );
  return new Worker(entry, { workerData: data });
}

/** `503 store_unavailable` for a read whose worker `what` (stopped, could not start). */
function stoppedError(what: string, cause: unknown): AppError {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const engineCode = typeof code === 'string' ? ` (${code})` : '';
  return new AppError(
    'store_unavailable',
    `the range read failed: its worker thread ${what}${engineCode}; retry`,
    { cause, retryAfterS: RANGE_WORKER_RETRY_AFTER_S },
  );
}

/**
 * What a worker threw, as an Error: an error of a class of its own (better-sqlite3's
 * SqliteError) arrives as a plain object with its enumerable fields only (`code`).
 */
function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  const fields = (typeof value === 'object' && value !== null ? value : {}) as {
    message?: unknown;
    code?: unknown;
  };
  const message = [fields.message, fields.code].find((m) => typeof m === 'string');
  return Object.assign(new Error((message as string | undefined) ?? String(value)), fields);
}

function closedError(): AppError {
  return new AppError('shutting_down', 'the store is closing; the range was not read', {
    retryAfterS: RANGE_WORKER_RETRY_AFTER_S,
  });
}
