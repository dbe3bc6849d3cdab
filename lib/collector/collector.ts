import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AppError } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import { formatSeriesKey, type SeriesLabels } from '@/lib/protocol';
import type { MetricStore, SampleInput } from '@/lib/store/metric-store';
import type { StoreEngine } from '@/lib/store/open-stores';
import {
  type CpuTimes,
  cpuPercent,
  type NetTotals,
  ratePerSecond,
  readCpuTimes,
  readMemoryUsedBytes,
  readNetTotals,
} from './host-stats';

/** Live counts the collector reads from the hubs. */
export type CollectorSources = {
  sseStreams: () => number;
  chatSockets: () => number;
  chatMessagesPerMinute: () => number;
};

/**
 * The labels of the collector's series: with PostgreSQL (N instances over one database) each
 * instance writes its own series, `host.cpu{instance="<INSTANCE_ID>"}`, not N interleaved
 * values under one name; with SQLite (one instance) none, so the bare names existing layouts
 * show keep working.
 */
export function collectorLabelsOf(engine: StoreEngine, instanceId: string): SeriesLabels {
  return engine === 'postgres' ? { instance: instanceId } : {};
}

/** The names of the series the collector writes, in the order it writes them. */
export const COLLECTOR_SERIES: readonly string[] = [
  'host.cpu',
  'host.memory.used',
  'host.load1',
  'host.net.rx',
  'host.net.tx',
  'server.rss',
  'server.eventloop.delay',
  'server.sse.streams',
  'server.chat.sockets',
  'server.chat.messages',
];

/**
 * Writes one sample of each built-in series every `intervalMs`, in one transaction:
 * the host (CPU, memory, load, network) and this server (RSS, event-loop delay, connections),
 * each under `labels` (see collectorLabelsOf).
 */
export class Collector {
  readonly #store: MetricStore;
  readonly #sources: CollectorSources;
  readonly #intervalMs: number;
  readonly #loopDelay = monitorEventLoopDelay({ resolution: 10 });
  #timer: NodeJS.Timeout | undefined;
  #cpu: CpuTimes = readCpuTimes();
  #net: NetTotals = readNetTotals();
  #at = performance.now();
  /** The last write was refused by SERIES_MAX: said once, not every interval. */
  #refusedBySeriesLimit = false;
  readonly #labels: SeriesLabels;

  constructor(
    store: MetricStore,
    sources: CollectorSources,
    intervalMs: number,
    labels: SeriesLabels = {},
  ) {
    this.#store = store;
    this.#sources = sources;
    this.#intervalMs = intervalMs;
    this.#labels = labels;
  }

  /** The keys of the series it writes (COLLECTOR_SERIES under its labels). */
  seriesKeys(): string[] {
    return COLLECTOR_SERIES.map((name) => formatSeriesKey(name, this.#labels));
  }

  start(): void {
    if (this.#timer) return;
    this.#loopDelay.enable();
    this.#timer = setInterval(() => void this.collectOnce(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#loopDelay.disable();
  }

  /** Reads every source and stores the samples; returns what it stored. */
  async collectOnce(): Promise<SampleInput[]> {
    const now = performance.now();
    const elapsed = now - this.#at;
    const cpu = readCpuTimes();
    const net = readNetTotals();
    const ts = Date.now();
    const samples: SampleInput[] = [
      { series: 'host.cpu', unit: '%', value: round(cpuPercent(this.#cpu, cpu), 1) },
      { series: 'host.memory.used', unit: 'bytes', value: readMemoryUsedBytes() },
      { series: 'host.load1', unit: 'load', value: round(os.loadavg()[0] ?? 0, 2) },
      {
        series: 'host.net.rx',
        unit: 'bytes/s',
        value: round(ratePerSecond(this.#net.rx, net.rx, elapsed), 0),
      },
      {
        series: 'host.net.tx',
        unit: 'bytes/s',
        value: round(ratePerSecond(this.#net.tx, net.tx, elapsed), 0),
      },
      { series: 'server.rss', unit: 'bytes', value: process.memoryUsage.rss() },
      { series: 'server.eventloop.delay', unit: 'ms', value: round(this.#loopDelayMs(), 2) },
      { series: 'server.sse.streams', unit: 'streams', value: this.#sources.sseStreams() },
      { series: 'server.chat.sockets', unit: 'sockets', value: this.#sources.chatSockets() },
      {
        series: 'server.chat.messages',
        unit: 'msg/min',
        value: this.#sources.chatMessagesPerMinute(),
      },
    ].map((s) => ({ ...s, series: formatSeriesKey(s.series, this.#labels), ts }));
    this.#cpu = cpu;
    this.#net = net;
    this.#at = now;
    try {
      await this.#store.append(samples);
      this.#refusedBySeriesLimit = false;
    } catch (error) {
      // A full or read-only store is logged once by StoreStatus, not every interval.
      if (error instanceof AppError && error.code.startsWith('store_')) return samples;
      // Its own series count towards SERIES_MAX: one that was deleted at the cap cannot come
      // back until there is room. Said once until a write goes through again.
      if (error instanceof AppError && error.code === 'series_limit') {
        if (!this.#refusedBySeriesLimit) log.warn('collector write refused', errorFields(error));
        this.#refusedBySeriesLimit = true;
        return samples;
      }
      log.error('collector write failed', errorFields(error));
    }
    return samples;
  }

  /** p99 event-loop delay since the last sample, in milliseconds. */
  #loopDelayMs(): number {
    const p99 = this.#loopDelay.percentile(99) / 1e6;
    this.#loopDelay.reset();
    return Number.isFinite(p99) ? p99 : 0;
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
