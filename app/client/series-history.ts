import type { RangeAnswer } from '@/lib/protocol';
import { chunkNames } from './series-api';

/** First wait before asking again for history that failed to load, in milliseconds. */
export const HISTORY_RETRY_MIN_MS = 1000;
/** Longest wait between attempts (the wait doubles after each failure), in milliseconds. */
export const HISTORY_RETRY_MAX_MS = 30_000;

/** Loads the recent history of `names` (one request); rejects on any failure. */
export type LoadHistory = (names: readonly string[], signal: AbortSignal) => Promise<RangeAnswer>;

/** Timers, injectable for tests. */
export type HistoryTimers = {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

const REAL_TIMERS: HistoryTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The history requests of the live store: the names asked for in one turn of the event loop
 * go out together (split by URL length, one request after the other), each answer is handed to
 * `onAnswer` with the names it was asked for, and a failure is retried with a doubling wait
 * while the names are still wanted. `cancel` forgets a name (its answer is then ignored);
 * `reset` aborts everything (the stream resynced: answers in flight may miss samples).
 */
export class SeriesHistory {
  readonly #load: LoadHistory;
  readonly #onAnswer: (names: readonly string[], answer: RangeAnswer) => void;
  readonly #timers: HistoryTimers;
  /** Names wanted and not yet answered (queued, in flight or waiting to retry). */
  readonly #wanted = new Set<string>();
  readonly #queued = new Set<string>();
  #controller = new AbortController();
  #flushScheduled = false;
  #retryTimer: unknown;
  #retryMs = HISTORY_RETRY_MIN_MS;
  #running = false;

  constructor(
    load: LoadHistory,
    onAnswer: (names: readonly string[], answer: RangeAnswer) => void,
    timers: HistoryTimers = REAL_TIMERS,
  ) {
    this.#load = load;
    this.#onAnswer = onAnswer;
    this.#timers = timers;
  }

  /** Whether `name` was asked for and its answer has not come yet. */
  loading(name: string): boolean {
    return this.#wanted.has(name);
  }

  /** Asks for the history of `names` (those already asked for are not asked twice). */
  request(names: Iterable<string>): void {
    for (const name of names) {
      if (this.#wanted.has(name)) continue;
      this.#wanted.add(name);
      this.#queued.add(name);
    }
    this.#scheduleFlush();
  }

  /** No longer wanted: not asked for again, and an answer in flight is ignored for it. */
  cancel(name: string): void {
    this.#wanted.delete(name);
    this.#queued.delete(name);
  }

  /** Aborts every request and forgets every name. */
  reset(): void {
    this.#controller.abort();
    this.#controller = new AbortController();
    this.#wanted.clear();
    this.#queued.clear();
    this.#timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#retryMs = HISTORY_RETRY_MIN_MS;
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled || this.#running || this.#retryTimer !== undefined) return;
    if (this.#queued.size === 0) return;
    this.#flushScheduled = true;
    queueMicrotask(() => {
      this.#flushScheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    if (this.#running || this.#queued.size === 0) return;
    this.#running = true;
    const signal = this.#controller.signal;
    let failed = false;
    try {
      while (this.#queued.size > 0 && !signal.aborted) {
        const [names = []] = chunkNames([...this.#queued]);
        for (const name of names) this.#queued.delete(name);
        try {
          const answer = await this.#load(names, signal);
          if (signal.aborted) break;
          const still = names.filter((n) => this.#wanted.has(n));
          for (const name of still) this.#wanted.delete(name);
          this.#retryMs = HISTORY_RETRY_MIN_MS;
          if (still.length > 0) this.#onAnswer(still, answer);
        } catch {
          if (signal.aborted) break;
          for (const name of names) if (this.#wanted.has(name)) this.#queued.add(name);
          failed = true;
          break;
        }
      }
    } finally {
      this.#running = false;
    }
    if (failed) this.#retryLater();
    else this.#scheduleFlush();
  }

  #retryLater(): void {
    const wait = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, HISTORY_RETRY_MAX_MS);
    this.#retryTimer = this.#timers.setTimeout(() => {
      this.#retryTimer = undefined;
      this.#scheduleFlush();
    }, wait);
  }
}
