import { AppError } from '@/lib/errors';

export type ConcurrencyLimitOptions = {
  /** Tasks running at once. */
  max: number;
  /** Tasks waiting for a slot; one more is refused with 503 `overloaded`. */
  queueMax: number;
  /** `Retry-After` of a refusal, in seconds. */
  retryAfterS: number;
  /** The setting named in a refusal (e.g. `RANGE_CONCURRENCY_MAX`), for the operator. */
  setting: string;
};

type Waiter = { start: () => void; cancel: () => void };

/**
 * A server-wide bound on tasks in flight (a route's `inFlight`, issue 10 B6): at most `max` run
 * at once, at most `queueMax` wait in order, and the next is refused at once with
 * `503 overloaded` and Retry-After. Each task starts on a fresh turn of the event loop
 * (`setImmediate`), so a task that blocks the loop (a synchronous read) lets the requests that
 * arrived meanwhile (health checks, stream opens) be served before the next one starts.
 */
export class ConcurrencyLimit {
  readonly options: ConcurrencyLimitOptions;
  readonly #queue: Waiter[] = [];
  #inFlight = 0;
  #refused = 0;

  constructor(options: ConcurrencyLimitOptions) {
    if (!(Number.isInteger(options.max) && options.max >= 1)) {
      throw new TypeError('max must be a whole number of at least 1');
    }
    if (!(Number.isInteger(options.queueMax) && options.queueMax >= 0)) {
      throw new TypeError('queueMax must be a whole number of at least 0');
    }
    this.options = options;
  }

  /** Tasks running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Tasks refused so far. */
  get refused(): number {
    return this.#refused;
  }

  /**
   * Runs `task` when a slot is free. Decides at once (synchronously) whether it runs, waits or
   * is refused. A waiting task whose `signal` aborts (the client left) is dropped from the
   * queue and rejects with the signal's reason.
   */
  run<T>(task: () => T | Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#inFlight < this.options.max) {
      this.#inFlight += 1;
      return this.#start(task);
    }
    if (this.#queue.length >= this.options.queueMax) {
      this.#refused += 1;
      return Promise.reject(this.#refusal());
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', waiter.cancel);
          this.#start(task).then(resolve, reject);
        },
        cancel: () => {
          const at = this.#queue.indexOf(waiter);
          if (at >= 0) this.#queue.splice(at, 1);
          reject(signal?.reason);
        },
      };
      this.#queue.push(waiter);
      signal?.addEventListener('abort', waiter.cancel, { once: true });
    });
  }

  async #start<T>(task: () => T | Promise<T>): Promise<T> {
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return await task();
    } finally {
      const next = this.#queue.shift();
      if (next) next.start();
      else this.#inFlight -= 1;
    }
  }

  #refusal(): AppError {
    const { max, queueMax, retryAfterS, setting } = this.options;
    return new AppError(
      'overloaded',
      `${max} of these requests are running and ${queueMax} waiting, the most allowed [${setting}]; retry in ${retryAfterS} s`,
      { retryAfterS },
    );
  }
}
