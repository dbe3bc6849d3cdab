/**
 * Passes once, when a graceful shutdown has waited SHUTDOWN_TIMEOUT_MS for requests to finish:
 * a request still reading its body then gives up with `503 shutting_down` instead of being cut.
 * (A Set rather than an AbortSignal: any number of requests may wait on it without warnings.)
 */
export class DrainDeadline {
  readonly #listeners = new Set<() => void>();
  #passed = false;

  /** Whether the deadline has passed. */
  get passed(): boolean {
    return this.#passed;
  }

  /** Calls `listener` once when the deadline passes; returns the function that forgets it. */
  onPass(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Passes the deadline (idempotent): every waiting listener runs once. */
  pass(): void {
    if (this.#passed) return;
    this.#passed = true;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener();
  }

  /** Listeners waiting (for leak tests). */
  get waiting(): number {
    return this.#listeners.size;
  }
}
