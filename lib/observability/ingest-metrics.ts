import type { Registry } from 'prom-client';
import type { IngestTally } from '@/lib/metrics/ingest-tally';
import type { ScrapeTally } from '@/lib/scrape/scrape-tally';
import { readCounter, type Sample } from './read-metrics';

export type IngestMetricSources = {
  /** Samples accepted and refused per ingest protocol; absent in some tests. */
  ingest?: IngestTally | undefined;
  /** Prometheus scrapes per target and outcome; absent in some tests. */
  scrapes?: ScrapeTally | undefined;
};

/** The ingest counters of `/metrics`: samples per protocol and outcome, refusals, scrapes. */
export function registerIngestMetrics(registry: Registry, sources: IngestMetricSources): void {
  const { ingest } = sources;
  if (ingest) {
    readCounter(
      registry,
      'pulseboard_ingest_samples_total',
      'Samples received per ingest protocol (json: POST /api/metrics, line: the InfluxDB writes, scrape: Prometheus targets scraped, otlp: POST /v1/metrics, whose refused count is of data points), stored (accepted) or not (refused).',
      ['protocol', 'outcome'],
      () =>
        ingest.counts().flatMap((c): Sample[] => [
          [{ protocol: c.protocol, outcome: 'accepted' }, c.accepted],
          [{ protocol: c.protocol, outcome: 'refused' }, c.refused],
        ]),
    );
    readCounter(
      registry,
      'pulseboard_ingest_requests_refused_total',
      'Ingest requests refused after the router checks (bad body, bad line, timestamp, series cap, store), per protocol.',
      ['protocol'],
      () =>
        ingest
          .counts()
          // A scrape is no request: its failures are pulseboard_scrapes_total's.
          .filter((c) => c.protocol !== 'scrape')
          .map((c): Sample => [{ protocol: c.protocol }, c.refusedRequests]),
    );
  }
  const { scrapes } = sources;
  if (scrapes) {
    readCounter(
      registry,
      'pulseboard_scrapes_total',
      'Prometheus scrapes per target and outcome (ok, unreachable, timeout, http_error, too_large, garbage, too_many_samples).',
      ['job', 'instance', 'outcome'],
      () =>
        scrapes
          .counts()
          .map((c): Sample => [{ job: c.job, instance: c.instance, outcome: c.outcome }, c.count]),
    );
  }
}
