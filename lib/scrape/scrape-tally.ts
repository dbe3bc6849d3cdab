import type { ScrapeFailure } from './scrape-fetch';

/** How one scrape ended: `ok`, or why it failed (docs/ingest.md#prometheus-scrape). */
export type ScrapeOutcome = 'ok' | ScrapeFailure;

/** One target's count of scrapes by outcome. */
export type ScrapeCount = { job: string; instance: string; outcome: ScrapeOutcome; count: number };

/**
 * Scrapes per target and outcome since the server started (`pulseboard_scrapes_total`). Plain
 * additions; read only when `/metrics` is scraped. Targets are few and fixed at boot.
 */
export class ScrapeTally {
  readonly #counts = new Map<string, ScrapeCount>();

  /** One scrape of `job`/`instance` ended with `outcome`. */
  add(job: string, instance: string, outcome: ScrapeOutcome): void {
    const key = `${job}\u0000${instance}\u0000${outcome}`;
    const count = this.#counts.get(key);
    if (count) count.count++;
    else this.#counts.set(key, { job, instance, outcome, count: 1 });
  }

  /** Every target and outcome seen, with its count. */
  counts(): ScrapeCount[] {
    return [...this.#counts.values()].map((c) => ({ ...c }));
  }
}
