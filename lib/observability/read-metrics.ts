import { Counter, Gauge, type Registry } from 'prom-client';

/** One labelled value of a metric, read when Prometheus scrapes. */
export type Sample = [Record<string, string>, number];

/** A gauge read afresh on each scrape. */
export function readGauge(registry: Registry, name: string, help: string, read: () => number) {
  return new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

/** A counter whose labelled totals are read afresh (from plain counters) on each scrape. */
export function readCounter(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  read: () => Sample[],
) {
  return new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, value);
    },
  });
}

/** A gauge with labels, read afresh on each scrape. */
export function labelledGauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  read: () => Sample[],
): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.set(labels, value);
    },
  });
}
