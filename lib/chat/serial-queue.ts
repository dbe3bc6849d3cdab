/**
 * Runs tasks one after another in the order they were pushed: each starts once the one before
 * it has settled. A task that fails does not stop the ones after it (its caller sees the
 * failure through the promise `push` returned).
 */
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  /** Tasks pushed and not yet settled. */
  get pending(): number {
    return this.#pending;
  }

  /** Queues `task`; resolves or rejects as it does, once it has run. */
  push<T>(task: () => T | Promise<T>): Promise<T> {
    this.#pending++;
    const run = this.#tail.then(task).finally(() => {
      this.#pending--;
    });
    this.#tail = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  /** Resolves once every task pushed so far has settled. */
  settled(): Promise<void> {
    return this.#tail;
  }
}
