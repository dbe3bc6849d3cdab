/** Width of the chat message-rate window, in milliseconds. */
export const MESSAGE_RATE_WINDOW_MS = 60_000;

/** Counts events in the last minute with per-second buckets: constant memory at any rate. */
export class MessageRate {
  readonly #buckets = new Array<number>(60).fill(0);
  #bucketSecond = 0;
  readonly #now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.#now = now;
    this.#bucketSecond = Math.floor(now() / 1000);
  }

  record(): void {
    this.#advance();
    const i = this.#bucketSecond % 60;
    this.#buckets[i] = (this.#buckets[i] ?? 0) + 1;
  }

  /** Events in the last MESSAGE_RATE_WINDOW_MS. */
  count(): number {
    this.#advance();
    return this.#buckets.reduce((a, b) => a + b, 0);
  }

  #advance(): void {
    const second = Math.floor(this.#now() / 1000);
    const steps = Math.min(60, second - this.#bucketSecond);
    for (let s = 1; s <= steps; s++) this.#buckets[(this.#bucketSecond + s) % 60] = 0;
    if (second > this.#bucketSecond) this.#bucketSecond = second;
  }
}
