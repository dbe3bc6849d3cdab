import { log } from '@/lib/logger';
import type { WebhookRequest } from './webhook-targets';

/** Most webhook deliveries waiting (retries included); past it a new one is dropped (and counted failed). */
export const WEBHOOK_QUEUE_MAX = 1000;
/** Attempts per delivery (the first and its retries). */
export const WEBHOOK_ATTEMPTS_MAX = 5;
/** Wait before the first retry, in milliseconds (default 1 s); doubled for each next one. */
export const WEBHOOK_RETRY_BASE_MS = 1000;
/** Longest wait between two attempts, in milliseconds (1 min). */
export const WEBHOOK_RETRY_MAX_MS = 60_000;
/** Longest one attempt may take, in milliseconds (10 s). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export type WebhookQueueOptions = {
  /** Default WEBHOOK_RETRY_BASE_MS. */
  retryBaseMs?: number;
  /** Default WEBHOOK_QUEUE_MAX. */
  queueMax?: number;
  /** Default global fetch. */
  fetch?: typeof fetch;
};

/** Counters for /metrics. */
export type WebhookStats = { delivered: number; failed: number; retries: number; queued: number };

type Delivery = { request: WebhookRequest; attempt: number; notBefore: number };

/**
 * Sends webhook requests one at a time, in order, retrying a failure (a network error or a
 * status other than 2xx) after WEBHOOK_RETRY_BASE_MS, doubled each time up to
 * WEBHOOK_RETRY_MAX_MS, at most WEBHOOK_ATTEMPTS_MAX attempts; then it counts it failed.
 * At most `queueMax` wait: an alert storm cannot grow memory without bound.
 */
export class WebhookQueue {
  readonly stats: WebhookStats = { delivered: 0, failed: 0, retries: 0, queued: 0 };
  readonly #queue: Delivery[] = [];
  readonly #retryBaseMs: number;
  readonly #queueMax: number;
  readonly #fetch: typeof fetch;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: WebhookQueueOptions = {}) {
    this.#retryBaseMs = options.retryBaseMs ?? WEBHOOK_RETRY_BASE_MS;
    this.#queueMax = options.queueMax ?? WEBHOOK_QUEUE_MAX;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Queues a request; false (counted failed) when the queue is full or stopped. */
  enqueue(request: WebhookRequest): boolean {
    if (this.#stopped || this.#queue.length >= this.#queueMax) {
      this.stats.failed++;
      log.warn('alert webhook dropped: the queue is full', { url: request.url });
      return false;
    }
    this.#queue.push({ request, attempt: 0, notBefore: 0 });
    this.stats.queued = this.#queue.length;
    this.#kick();
    return true;
  }

  /** Resolves once nothing waits (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#running || this.#timer)
      await (this.#running ?? new Promise((r) => setTimeout(r, 10)));
  }

  /** Stops sending; what waits is dropped. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue.length = 0;
  }

  #kick(): void {
    if (this.#running || this.#timer || this.#stopped || this.#queue.length === 0) return;
    const now = Date.now();
    // A retry waiting for its backoff does not hold back the deliveries queued after it.
    const ready = this.#queue.findIndex((d) => d.notBefore <= now);
    if (ready === -1) {
      const wait = Math.min(...this.#queue.map((d) => d.notBefore)) - now;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#kick();
      }, wait);
      return;
    }
    const [next] = this.#queue.splice(ready, 1);
    if (!next) return;
    this.#running = this.#send(next).finally(() => {
      this.#running = undefined;
      this.#kick();
    });
  }

  async #send(delivery: Delivery): Promise<void> {
    const { request } = delivery;
    let problem: string | undefined;
    try {
      const response = await this.#fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) problem = `status ${response.status}`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem === undefined) this.stats.delivered++;
    else if (delivery.attempt + 1 >= WEBHOOK_ATTEMPTS_MAX) {
      this.stats.failed++;
      log.warn('alert webhook failed', {
        url: request.url,
        problem,
        attempts: delivery.attempt + 1,
      });
    } else if (!this.#stopped) {
      this.stats.retries++;
      const waitMs = Math.min(WEBHOOK_RETRY_MAX_MS, this.#retryBaseMs * 2 ** delivery.attempt);
      this.#queue.push({ request, attempt: delivery.attempt + 1, notBefore: Date.now() + waitMs });
    }
    this.stats.queued = this.#queue.length;
  }
}
