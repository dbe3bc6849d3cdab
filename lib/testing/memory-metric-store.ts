import {
  bucketStart,
  type RangeResolution,
  type RangeSeries,
  ROLLUP_BUCKET_MS,
  type SeriesInfo,
  type SnapshotSeries,
} from '@/lib/protocol';
import {
  type AppendResult,
  type MetricStore,
  type MetricStoreOptions,
  RANGE_MAX_ROWS,
  type RangeRead,
  type RangeRequest,
  type SampleInput,
  type SeriesDeletion,
  type SeriesDeletionRecord,
  type SeriesSearch,
  type SnapshotQuery,
  type SnapshotRead,
  type StoredSample,
} from '@/lib/store/metric-store';
import { encodeRangeSeries } from '@/lib/store/range-json';
import { seriesLimitError } from '@/lib/store/series-cap';
import { seriesColumnsOf, seriesListingOf } from '@/lib/store/series-columns';
import { byRecency, snapshotPointsLevel } from '@/lib/store/snapshot-bounds';
import type { MemoryDatabase, MemoryRollup, MemorySample } from './memory-database';

/** {@link MetricStore} in memory: every call takes effect when it is made. */
export class MemoryMetricStore implements MetricStore {
  readonly #db: MemoryDatabase;
  readonly #seriesMax: number | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(db: MemoryDatabase, options: MetricStoreOptions = {}) {
    this.#db = db;
    this.#seriesMax = options.seriesMax;
  }

  async append(input: readonly SampleInput[]): Promise<AppendResult> {
    for (const s of input) {
      if (typeof s.value !== 'number' || Number.isNaN(s.value))
        throw new Error('value is required');
    }
    // Checked and applied in one synchronous step: no other call runs in between.
    const fresh = new Set(input.map((s) => s.series).filter((name) => !this.#db.series.has(name)));
    const max = this.#seriesMax;
    if (max !== undefined && fresh.size > 0 && this.#db.series.size + fresh.size > max) {
      throw seriesLimitError(this.#db.series.size, max, fresh.size);
    }
    const now = Date.now();
    for (const s of input) {
      const seq = ++this.#db.lastSeq;
      const ts = s.ts ?? now;
      const row = { seq, series: s.series, ts, value: s.value };
      this.#db.samples.push(row);
      this.#db.committed.push(row);
      const known = this.#db.series.get(s.series);
      if (!known) {
        const { metric, labels } = seriesColumnsOf(s.series);
        this.#db.series.set(s.series, {
          id: ++this.#db.lastSeriesId,
          unit: s.unit ?? null,
          lastTs: ts,
          metric,
          labels,
        });
      } else {
        if (s.unit !== undefined) known.unit = s.unit;
        if (known.lastTs === null || known.lastTs < ts) known.lastTs = ts;
      }
      for (const res of ['1m', '1h'] as const)
        rollUp(this.#db.rollups[res], s.series, ts, s.value, res);
    }
    for (const listener of this.#listeners) listener();
    return { accepted: input.length, seq: this.#db.lastSeq };
  }

  async readAfter(afterSeq: number, limit: number): Promise<StoredSample[]> {
    return this.#rows((r) => r.seq > afterSeq).slice(0, limit);
  }

  async snapshot(query: SnapshotQuery): Promise<SnapshotRead> {
    const wanted = query.series ? new Set(query.series) : undefined;
    const matching = [...this.#db.series].filter(([name]) => !wanted || wanted.has(name));
    matching.sort(([, a], [, b]) =>
      byRecency({ lastTs: a.lastTs, order: a.id }, { lastTs: b.lastTs, order: b.id }),
    );
    const chosen = matching.slice(0, query.maxSeries);
    const inWindow = (name: string) =>
      this.#db.samples
        .filter((r) => r.series === name && r.seq <= query.upToSeq && r.ts >= query.sinceTs)
        .sort((a, b) => a.ts - b.ts || a.seq - b.seq);
    const windows = chosen.map(([name]) => inWindow(name));
    const level = snapshotPointsLevel(
      windows.map((w) => w.length),
      query.maxPointsPerSeries,
      query.maxPoints,
    );
    const series = chosen.map(([name, { unit }], i): SnapshotSeries => {
      const rows = windows[i] as MemorySample[];
      const kept = rows.slice(rows.length - Math.min(rows.length, level));
      const points = kept.map((r): [number, number] => [r.ts, r.value]);
      const item: SnapshotSeries = unit === null ? { name, points } : { name, unit, points };
      if (kept.length < rows.length) item.truncated = true;
      return item;
    });
    series.sort((a, b) => compareNames(a.name, b.name));
    return { series, omittedSeries: matching.length - chosen.length };
  }

  async replay(afterSeq: number, upToSeq: number, maxRows: number) {
    if (afterSeq > upToSeq) return undefined;
    if (this.#db.retentionFloor > afterSeq) return undefined;
    if (this.#db.seriesDeletions.some((d) => d.seq >= afterSeq)) return undefined;
    if (afterSeq === upToSeq) return [];
    const rows = this.#rows((r) => r.seq > afterSeq && r.seq <= upToSeq);
    return rows.length <= maxRows ? rows : undefined;
  }

  async lastSeq(): Promise<number> {
    return this.#db.lastSeq;
  }

  async epoch(): Promise<string> {
    return this.#db.epoch;
  }

  async firstSeq(): Promise<number | null> {
    return this.#db.samples[0]?.seq ?? null;
  }

  async listSeries(): Promise<SeriesInfo[]> {
    return this.#seriesInfo();
  }

  async countSeries(): Promise<number> {
    return this.#db.series.size;
  }

  async searchSeries(query: string, limit: number, match?: string): Promise<SeriesSearch> {
    // ASCII case folding only, as SQLite's LIKE (U+212A KELVIN SIGN is not a `k`).
    const fold = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
    const needle = fold(query);
    const matching = [...this.#db.series]
      .filter(([key, row]) => fold(key).includes(needle) && row.metric.startsWith(match ?? ''))
      .sort(([a], [b]) => compareNames(a, b))
      .map(([key, row]) =>
        seriesListingOf({
          name: key,
          metric: row.metric,
          labels: { ...row.labels },
          unit: row.unit,
        }),
      );
    return { series: matching.slice(0, limit), total: matching.length };
  }

  async deleteSeries(name: string): Promise<SeriesDeletion | undefined> {
    if (!this.#db.series.delete(name)) return undefined;
    const gone = this.#db.samples.filter((r) => r.series === name);
    for (const r of gone) this.#db.deletedSeqs.add(r.seq);
    this.#db.samples = this.#db.samples.filter((r) => r.series !== name);
    for (const table of Object.values(this.#db.rollups)) {
      for (const [key, r] of table) if (r.series === name) table.delete(key);
    }
    const seq = this.#db.lastSeq;
    this.#db.seriesDeletions.push({ id: this.#db.seriesDeletions.length + 1, name, seq });
    for (const listener of this.#listeners) listener();
    return { samples: gone.length, seq };
  }

  async deletionsAfter(afterId: number): Promise<SeriesDeletionRecord[]> {
    return this.#db.seriesDeletions.filter((d) => d.id > afterId).map((d) => ({ ...d }));
  }

  async lastDeletionId(): Promise<number> {
    return this.#db.seriesDeletions.at(-1)?.id ?? 0;
  }

  async readRange(request: RangeRequest, resolution: RangeResolution): Promise<RangeRead> {
    const wanted = request.series ? new Set(request.series) : undefined;
    const series: RangeSeries[] = [];
    const byName = new Map<string, RangeSeries>();
    for (const info of this.#seriesInfo()) {
      if (wanted && !wanted.has(info.name)) continue;
      const item: RangeSeries = { ...info, points: [] };
      if (resolution !== 'raw') item.band = [];
      byName.set(info.name, item);
      series.push(item);
    }
    if (resolution === 'raw') {
      const rows = this.#db.samples
        .filter((r) => r.ts >= request.from && r.ts <= request.to && byName.has(r.series))
        .sort((a, b) => b.ts - a.ts)
        .slice(0, RANGE_MAX_ROWS)
        .reverse();
      for (const r of rows) byName.get(r.series)?.points.push([r.ts, r.value]);
    } else {
      const from = bucketStart(request.from, ROLLUP_BUCKET_MS[resolution]);
      const rows = [...this.#db.rollups[resolution].values()]
        .filter((r) => r.bucketTs >= from && r.bucketTs <= request.to && byName.has(r.series))
        .sort((a, b) => b.bucketTs - a.bucketTs)
        .slice(0, RANGE_MAX_ROWS)
        .reverse();
      for (const r of rows) {
        const item = byName.get(r.series);
        item?.points.push([r.bucketTs, r.sum / r.count]);
        item?.band?.push([r.min, r.max]);
      }
    }
    return { seq: this.#db.lastSeq, seriesJson: encodeRangeSeries(series) };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }

  #rows(keep: (r: MemorySample) => boolean): StoredSample[] {
    return this.#db.samples
      .filter(keep)
      .map((r) => ({ ...r, unit: this.#db.series.get(r.series)?.unit ?? null }));
  }

  #seriesInfo(): SeriesInfo[] {
    return [...this.#db.series]
      .sort(([a], [b]) => compareNames(a, b))
      .map(([name, { unit }]) => (unit === null ? { name } : { name, unit }));
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rollUp(
  table: Map<string, MemoryRollup>,
  series: string,
  ts: number,
  value: number,
  res: '1m' | '1h',
) {
  const bucketTs = bucketStart(ts, ROLLUP_BUCKET_MS[res]);
  const key = `${series}\u0000${bucketTs}`;
  const r = table.get(key);
  if (!r) table.set(key, { series, bucketTs, min: value, max: value, sum: value, count: 1 });
  else {
    r.min = Math.min(r.min, value);
    r.max = Math.max(r.max, value);
    r.sum += value;
    r.count++;
  }
}
