/** Longest a helper waits for an expected event by default, in milliseconds. */
export const DEFAULT_WAIT_MS = 5000;

/**
 * Everything a client received, in order, with a cursor: `next()` consumes items up to and
 * including the first one that matches, waiting for it when it has not arrived yet.
 * Tests wait on events this way, never on sleeps.
 */
export class EventLog<T> {
  /** Every item received so far, consumed or not. */
  readonly items: T[] = [];
  #cursor = 0;
  #ended: string | undefined;
  readonly #waiters = new Set<() => void>();
  readonly #describe: (item: T) => string;

  constructor(describe: (item: T) => string = (item) => JSON.stringify(item)) {
    this.#describe = describe;
  }

  push(item: T): void {
    this.items.push(item);
    this.#wake();
  }

  /** No more items will come; pending and later waits fail with `reason`. */
  end(reason: string): void {
    this.#ended ??= reason;
    this.#wake();
  }

  get ended(): boolean {
    return this.#ended !== undefined;
  }

  /** Items received but not consumed yet. */
  pending(): T[] {
    return this.items.slice(this.#cursor);
  }

  /** Consumes items until one matches `predicate`, and returns it. */
  async next(
    predicate: (item: T) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
    what = 'an item',
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.#cursor < this.items.length) {
        const item = this.items[this.#cursor++] as T;
        if (predicate(item)) return item;
      }
      if (this.#ended !== undefined) {
        throw new Error(`Waited for ${what}, but ${this.#ended}. ${this.#recent()}`);
      }
      const left = deadline - Date.now();
      if (left <= 0 || !(await this.#wait(left))) {
        throw new Error(`Waited ${timeoutMs} ms for ${what}. ${this.#recent()}`);
      }
    }
  }

  #wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        resolve(false);
      }, ms);
      this.#waiters.add(wake);
    });
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  #recent(): string {
    const last = this.items.slice(-5).map(this.#describe);
    return `Received ${this.items.length} in all; the last: ${last.join(' | ') || 'none'}`;
  }
}
