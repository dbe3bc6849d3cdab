import { AppError } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import { formatSeriesKey } from '@/lib/protocol';
import type { MetricStore, SampleInput } from '@/lib/store/metric-store';
import { ExpositionError, parseExposition } from './exposition-parse';
import type { ScrapeTarget } from './scrape-config';
import { fetchScrape, SCRAPE_BODY_MAX_BYTES, ScrapeError } from './scrape-fetch';
import { ScrapeSeries } from './scrape-series';
import type { ScrapeOutcome, ScrapeTally } from './scrape-tally';

/**
 * Most samples one scrape may expose (10,000, the default SERIES_MAX; node_exporter exposes
 * about 500): past it the scrape fails as `too_many_samples` and `up` is 0, as Prometheus's
 * `sample_limit`. It bounds the event-loop time a scrape takes (parsing and mapping run on the
 * server's thread: about 120 ms for 10,000 samples on a busy 2-core machine,
 * `scripts/measure-scrape-parse.ts`) and the one transaction it is stored in.
 */
export const SCRAPE_SAMPLES_MAX = 10_000;
/** The series a scrape writes per target: 1 when it answered and was read, else 0. */
export const UP_METRIC = 'up';

/**
 * Where scraped samples are counted: lib/metrics' IngestTally fits (`pulseboard_ingest_samples_total`).
 * Named here, not imported, so this folder needs no feature's code.
 */
export type ScrapeSampleTally = {
  accept(protocol: 'scrape', count: number): void;
  refuse(protocol: 'scrape', count: number): void;
};

export type ScrapeLoopDeps = {
  store: Pick<MetricStore, 'append'>;
  /** Samples accepted and refused (`pulseboard_ingest_samples_total{protocol="scrape"}`). */
  ingest?: ScrapeSampleTally | undefined;
  /** Scrapes by outcome (`pulseboard_scrapes_total`). */
  scrapes?: ScrapeTally | undefined;
  /** Body cap in bytes; default SCRAPE_BODY_MAX_BYTES (tests lower it). */
  bodyMaxBytes?: number;
  /** Sample cap; default SCRAPE_SAMPLES_MAX (tests lower it). */
  samplesMax?: number;
};

/**
 * Scrapes one target every `intervalMs` (docs/ingest.md#prometheus-scrape): the next scrape is
 * scheduled when one ends, never two at once. Each scrape stores its series (ScrapeSeries) and
 * `up{job,instance}` in one transaction, stamped with the scrape's start. A target that fails
 * (unreachable, timeout, not 200, too large, not the format) gets `up` 0 and nothing else: its
 * series go stale. Failures are logged when the outcome changes, and counted every time.
 */
export class ScrapeLoop {
  readonly target: ScrapeTarget;
  readonly #deps: ScrapeLoopDeps;
  readonly #series: ScrapeSeries;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<ScrapeOutcome> | undefined;
  #abort = new AbortController();
  #stopped = true;
  #lastOutcome: ScrapeOutcome | undefined;
  #saidRefused = false;
  #saidWriteRefused = false;

  constructor(target: ScrapeTarget, deps: ScrapeLoopDeps) {
    this.target = target;
    this.#deps = deps;
    this.#series = new ScrapeSeries(target.labels);
  }

  /** Scrapes now, then every interval until stop(). */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#abort = new AbortController();
    this.#schedule(0);
  }

  /** Stops the loop; a scrape under way is aborted and waited for (nothing is half-stored). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#abort.abort();
    await this.#running;
  }

  /** One scrape, stored; resolves with its outcome. */
  async scrapeOnce(): Promise<ScrapeOutcome> {
    const ts = Date.now();
    let outcome: ScrapeOutcome = 'ok';
    let samples: SampleInput[] = [];
    let refused = 0;
    let failure = '';
    try {
      const converted = this.#series.convert(await this.#read(), ts);
      samples = converted.samples;
      refused = converted.refused;
      if (converted.problem && !this.#saidRefused) {
        // Said once per target: the same series would be refused every scrape.
        this.#saidRefused = true;
        log.warn('scrape series refused', {
          ...this.#where(),
          problem: converted.problem,
          refused,
        });
      }
    } catch (error) {
      if (!(error instanceof ScrapeError)) throw error;
      // Aborted by stop(): the server is shutting down, and this scrape says nothing.
      if (this.#stopped && this.#abort.signal.aborted) return error.outcome;
      outcome = error.outcome;
      failure = error.message;
    }
    this.#logChange(outcome, failure);
    const up = {
      series: formatSeriesKey(UP_METRIC, this.target.labels),
      value: outcome === 'ok' ? 1 : 0,
      ts,
    };
    this.#deps.scrapes?.add(this.target.job, this.target.instance, outcome);
    this.#deps.ingest?.refuse('scrape', refused);
    await this.#store([...samples, up], up);
    return outcome;
  }

  async #read() {
    const body = await fetchScrape(this.target.url, {
      timeoutMs: this.target.timeoutMs,
      maxBytes: this.#deps.bodyMaxBytes ?? SCRAPE_BODY_MAX_BYTES,
      signal: this.#abort.signal,
    });
    let exposed: ReturnType<typeof parseExposition>;
    try {
      exposed = parseExposition(body.text, body.format);
    } catch (error) {
      if (!(error instanceof ExpositionError)) throw error;
      throw new ScrapeError('garbage', `not the ${body.format} format: ${error.message}`);
    }
    const max = this.#deps.samplesMax ?? SCRAPE_SAMPLES_MAX;
    if (exposed.length > max) {
      throw new ScrapeError(
        'too_many_samples',
        `${exposed.length} samples, at most ${max} [SCRAPE_SAMPLES_MAX]`,
      );
    }
    return exposed;
  }

  /** Stores the scrape in one transaction; refused whole (series cap, store), `up` alone. */
  async #store(samples: SampleInput[], up: SampleInput): Promise<void> {
    const ingest = this.#deps.ingest;
    try {
      await this.#deps.store.append(samples);
      ingest?.accept('scrape', samples.length);
      this.#saidWriteRefused = false;
      return;
    } catch (error) {
      if (samples.length === 1 || !(error instanceof AppError)) {
        ingest?.refuse('scrape', samples.length);
        return storeFailed(error, this.#where());
      }
      ingest?.refuse('scrape', samples.length - 1);
      // Said once until a whole scrape is stored again: it would be refused every interval.
      if (!this.#saidWriteRefused) {
        log.warn('scrape write refused; storing up alone', {
          ...this.#where(),
          ...errorFields(error),
        });
      }
      this.#saidWriteRefused = true;
    }
    try {
      await this.#deps.store.append([up]);
      ingest?.accept('scrape', 1);
    } catch (error) {
      ingest?.refuse('scrape', 1);
      storeFailed(error, this.#where());
    }
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      const startedAt = performance.now();
      this.#running = this.scrapeOnce().catch((error) => {
        log.error('scrape failed unexpectedly', { ...this.#where(), ...errorFields(error) });
        return 'unreachable' as const;
      });
      void this.#running.then(() => {
        this.#running = undefined;
        this.#schedule(Math.max(0, this.target.intervalMs - (performance.now() - startedAt)));
      });
    }, delayMs);
    this.#timer.unref();
  }

  #logChange(outcome: ScrapeOutcome, message: string): void {
    const previous = this.#lastOutcome;
    this.#lastOutcome = outcome;
    if (outcome === previous) return;
    if (outcome !== 'ok') log.warn('scrape failed', { ...this.#where(), outcome, error: message });
    else if (previous !== undefined)
      log.info('scrape recovered', { ...this.#where(), was: previous });
  }

  #where() {
    return { job: this.target.job, instance: this.target.instance, url: this.target.url };
  }
}

function storeFailed(error: unknown, where: Record<string, string>): void {
  // A full or read-only store is logged once by StoreStatus, not every scrape.
  if (error instanceof AppError && error.code.startsWith('store_')) return;
  log.warn('scrape write failed', { ...where, ...errorFields(error) });
}
