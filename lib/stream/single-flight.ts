/**
 * Runs an async task one at a time. `run()` while a run is in progress does not start a second
 * one beside it: it asks for exactly one more run after the current one (however many callers
 * ask meanwhile), and resolves when that run has finished. So every caller gets a run that
 * started after its call, and at most one run is ever in flight.
 */
export class SingleFlight {
  readonly #task: () => Promise<void>;
  readonly #onIdle: (() => void) | undefined;
  #current: Promise<void> | undefined;
  #next:
    | { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void }
    | undefined;

  /** `onIdle` runs each time the last queued run has finished (nothing in flight any more). */
  constructor(task: () => Promise<void>, onIdle?: () => void) {
    this.#task = task;
    this.#onIdle = onIdle;
  }

  /** Whether a run is in progress. */
  get running(): boolean {
    return this.#current !== undefined;
  }

  /** Starts a run, or queues the one run that follows the current one. */
  run(): Promise<void> {
    if (this.#current) {
      if (!this.#next) {
        let resolve = () => {};
        let reject: (error: unknown) => void = () => {};
        const promise = new Promise<void>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        this.#next = { promise, resolve, reject };
      }
      return this.#next.promise;
    }
    return this.#start();
  }

  #start(): Promise<void> {
    // The task starts on the next microtask, after `#current` is set: a task that calls run()
    // (directly or through a listener) queues a follow-up instead of running beside itself.
    const current = Promise.resolve()
      .then(() => this.#task())
      .finally(() => {
        this.#current = undefined;
        const next = this.#next;
        this.#next = undefined;
        if (next) this.#start().then(next.resolve, next.reject);
        else this.#onIdle?.();
      });
    this.#current = current;
    return current;
  }
}
