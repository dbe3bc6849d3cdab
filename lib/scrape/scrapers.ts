import type { MetricStore } from '@/lib/store/metric-store';
import type { ScrapeTarget } from './scrape-config';
import { ScrapeLoop, type ScrapeSampleTally } from './scrape-loop';
import type { ScrapeTally } from './scrape-tally';

/** Every target's scrape loop, started and stopped together by server.ts. */
export class Scrapers {
  readonly loops: readonly ScrapeLoop[];

  constructor(
    targets: readonly ScrapeTarget[],
    deps: { store: Pick<MetricStore, 'append'>; ingest: ScrapeSampleTally; scrapes: ScrapeTally },
  ) {
    this.loops = targets.map((target) => new ScrapeLoop(target, deps));
  }

  get size(): number {
    return this.loops.length;
  }

  /** Starts one loop per target (after the port is bound: a scrape writes). */
  start(): void {
    for (const loop of this.loops) loop.start();
  }

  /** Stops every loop and waits for the scrapes under way (aborted). */
  async stop(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }
}
