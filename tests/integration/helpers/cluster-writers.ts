/** A refused or failed write: the status (0 for a broken connection) and its Retry-After. */
export type WriteFailure = { status: number; retryAfter: string | null; code?: string };

export type WritersOptions = {
  /** How many writers (each one sequential: one batch in flight). */
  writers: number;
  /** Batches each writer sends, at most; the load stops by itself. */
  batches: number;
  /** Samples per batch. */
  batchSize: number;
  /** Series names; a writer's batch goes to `series[(writer + batch) % series.length]`. */
  series: readonly string[];
  /** The instance writer `w` sends its next batch to (asked before every batch). */
  targetOf: (writer: number) => string;
  /** Distinct for each run on one database, so every value is unique. */
  valueBase: number;
  /**
   * Called after a failed write: resolves when the writer may go on (the database is back, the
   * target changed), with `retry` to send the same batch again or `skip` to leave it (it was
   * not acknowledged; it may or may not be stored). Default: the failure is thrown.
   */
  onFailure?: (failure: WriteFailure, writer: number) => Promise<'retry' | 'skip'>;
};

/**
 * Writers on the cluster: each sends `batches` batches of unique values, one at a time, and
 * keeps what was acknowledged (200). `ackedAtLeast(n)` resolves once n samples were.
 */
export class ClusterWriters {
  /** Values acknowledged with a 200, in the order the acks came. */
  readonly acked: number[] = [];
  readonly failures: WriteFailure[] = [];
  /** The highest seq acknowledged. */
  lastSeq = 0;
  readonly done: Promise<void>;
  readonly #waiters = new Set<() => void>();

  constructor(options: WritersOptions) {
    this.done = Promise.all(
      Array.from({ length: options.writers }, (_, w) => this.#write(options, w)),
    ).then(() => undefined);
  }

  /** Resolves once at least `n` samples were acknowledged (or the writers are done). */
  ackedAtLeast(n: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.acked.length < n) return;
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
      check();
      void this.done.finally(() => {
        this.#waiters.delete(check);
        resolve();
      });
    });
  }

  async #write(options: WritersOptions, w: number): Promise<void> {
    for (let b = 0; b < options.batches; b++) {
      const series = options.series[(w + b) % options.series.length] as string;
      const first = options.valueBase + w * 1_000_000 + b * options.batchSize;
      const values = Array.from({ length: options.batchSize }, (_, i) => first + i);
      const body = JSON.stringify({ samples: values.map((value) => ({ series, value })) });
      for (;;) {
        const failure = await this.#send(options.targetOf(w), body, values);
        if (!failure) break;
        this.failures.push(failure);
        if (!options.onFailure) throw new Error(`write failed: ${JSON.stringify(failure)}`);
        if ((await options.onFailure(failure, w)) === 'skip') break;
      }
    }
  }

  async #send(url: string, body: string, values: number[]): Promise<WriteFailure | undefined> {
    let response: Response;
    let parsed: unknown;
    try {
      response = await fetch(`${url}/api/metrics`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      parsed = JSON.parse(await response.text());
    } catch {
      return { status: 0, retryAfter: null };
    }
    if (response.status !== 200) {
      const code = (parsed as { error?: { code?: string } }).error?.code;
      const retryAfter = response.headers.get('retry-after');
      return { status: response.status, retryAfter, ...(code ? { code } : {}) };
    }
    this.acked.push(...values);
    this.lastSeq = Math.max(this.lastSeq, (parsed as { seq: number }).seq);
    for (const wake of [...this.#waiters]) wake();
    return undefined;
  }
}
