import {
  bucketStart,
  type ChatMessage,
  type Layout,
  type RangeResolution,
  type RangeSeries,
  ROLLUP_BUCKET_MS,
  type SeriesInfo,
  type SnapshotSeries,
  type Widget,
} from '@/lib/protocol';
import type { ChatAppendInput, ChatAppendResult, ChatStore } from '@/lib/store/chat-store';
import { EMPTY_LAYOUT, type LayoutStore, layoutConflict } from '@/lib/store/layout-store';
import {
  type AppendResult,
  type MetricStore,
  RANGE_MAX_ROWS,
  type RangeRead,
  type RangeRequest,
  type SampleInput,
  type SnapshotQuery,
  type StoredSample,
} from '@/lib/store/metric-store';
import { encodeRangeSeries } from '@/lib/store/range-json';
import type { RetentionKind, RetentionStore } from '@/lib/store/retention-store';
import { StoreStatus } from '@/lib/store/store-status';
import type { EngineStores } from '@/lib/store/stores';

type Rollup = {
  series: string;
  bucketTs: number;
  min: number;
  max: number;
  sum: number;
  count: number;
};

/** The rows of one in-memory database, shared by every handle on it. */
export class MemoryDatabase {
  samples: { seq: number; series: string; ts: number; value: number }[] = [];
  /** Every sample ever committed, deleted ones included, in seq order (for checks). */
  readonly committed: { seq: number; series: string; ts: number; value: number }[] = [];
  /** Seqs deleted by retention (for checks). */
  readonly deletedSeqs = new Set<number>();
  units = new Map<string, string | null>();
  rollups: Record<'1m' | '1h', Map<string, Rollup>> = { '1m': new Map(), '1h': new Map() };
  lastSeq = 0;
  retentionFloor = 0;
  messages: ChatMessage[] = [];
  lastMessageId = 0;
  layout: Layout = EMPTY_LAYOUT;
}

/**
 * An engine in memory, for tests of what sits above the stores (the hubs): it passes the store
 * contract suite (tests/store-contract/memory.contract.test.ts), so it behaves like an engine,
 * and every call takes effect when it is made. Wrap it with `scheduledStores` to delay calls.
 */
export function openMemoryStores(database = new MemoryDatabase()): EngineStores {
  const status = new StoreStatus(() => undefined);
  const metrics = new MemoryMetricStore(database);
  return {
    metrics,
    chat: new MemoryChatStore(database),
    layout: new MemoryLayoutStore(database),
    retention: new MemoryRetentionStore(database),
    status,
    tasks: [],
    wal: undefined,
    close: () => metrics.close(),
  };
}

/** {@link MetricStore} in memory. */
export class MemoryMetricStore implements MetricStore {
  readonly #db: MemoryDatabase;
  readonly #listeners = new Set<() => void>();

  constructor(db: MemoryDatabase) {
    this.#db = db;
  }

  async append(input: readonly SampleInput[]): Promise<AppendResult> {
    for (const s of input) {
      if (typeof s.value !== 'number' || Number.isNaN(s.value))
        throw new Error('value is required');
    }
    const now = Date.now();
    for (const s of input) {
      const seq = ++this.#db.lastSeq;
      const ts = s.ts ?? now;
      const row = { seq, series: s.series, ts, value: s.value };
      this.#db.samples.push(row);
      this.#db.committed.push(row);
      if (s.unit !== undefined || !this.#db.units.has(s.series)) {
        this.#db.units.set(s.series, s.unit ?? this.#db.units.get(s.series) ?? null);
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

  async snapshot(query: SnapshotQuery): Promise<SnapshotSeries[]> {
    const wanted = query.series ? new Set(query.series) : undefined;
    const out = new Map<string, SnapshotSeries>();
    for (const info of this.#seriesInfo()) {
      if (!wanted || wanted.has(info.name)) out.set(info.name, { ...info, points: [] });
    }
    for (const r of this.#db.samples) {
      if (r.seq <= query.upToSeq && r.ts >= query.sinceTs)
        out.get(r.series)?.points.push([r.ts, r.value]);
    }
    for (const s of out.values()) s.points.sort((a, b) => a[0] - b[0]);
    return [...out.values()];
  }

  async replay(afterSeq: number, upToSeq: number, maxRows: number) {
    if (afterSeq > upToSeq) return undefined;
    if (afterSeq === upToSeq) return [];
    if (this.#db.retentionFloor > afterSeq) return undefined;
    const rows = this.#rows((r) => r.seq > afterSeq && r.seq <= upToSeq);
    return rows.length <= maxRows ? rows : undefined;
  }

  async lastSeq(): Promise<number> {
    return this.#db.lastSeq;
  }

  async firstSeq(): Promise<number | null> {
    return this.#db.samples[0]?.seq ?? null;
  }

  async listSeries(): Promise<SeriesInfo[]> {
    return this.#seriesInfo();
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

  #rows(keep: (r: MemoryDatabase['samples'][number]) => boolean): StoredSample[] {
    return this.#db.samples
      .filter(keep)
      .map((r) => ({ ...r, unit: this.#db.units.get(r.series) ?? null }));
  }

  #seriesInfo(): SeriesInfo[] {
    return [...this.#db.units]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, unit]) => (unit === null ? { name } : { name, unit }));
  }
}

/** {@link ChatStore} in memory. */
export class MemoryChatStore implements ChatStore {
  readonly #db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.#db = db;
  }

  async append(input: ChatAppendInput): Promise<ChatAppendResult> {
    if (input.clientMsgId !== undefined) {
      const existing = this.#db.messages.find((m) => m.clientMsgId === input.clientMsgId);
      if (existing) return { message: existing, duplicate: true };
    }
    const message: ChatMessage = {
      id: ++this.#db.lastMessageId,
      name: input.name,
      text: input.text,
      ts: input.ts ?? Date.now(),
    };
    if (input.clientMsgId !== undefined) message.clientMsgId = input.clientMsgId;
    this.#db.messages.push(message);
    return { message, duplicate: false };
  }

  async recent(limit: number): Promise<ChatMessage[]> {
    return limit > 0 ? this.#db.messages.slice(-limit) : [];
  }

  async after(afterId: number, limit: number) {
    const later = this.#db.messages.filter((m) => m.id > afterId);
    return { messages: limit > 0 ? later.slice(-limit) : [], truncated: later.length > limit };
  }
}

/** {@link LayoutStore} in memory. */
export class MemoryLayoutStore implements LayoutStore {
  readonly #db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.#db = db;
  }

  async get(): Promise<Layout> {
    return this.#db.layout;
  }

  async put(baseVersion: number, widgets: Widget[]): Promise<Layout> {
    const current = this.#db.layout.version;
    if (baseVersion !== current) throw layoutConflict(baseVersion, current);
    this.#db.layout = { version: current + 1, widgets };
    return this.#db.layout;
  }
}

/** {@link RetentionStore} in memory, with the retention floor. */
export class MemoryRetentionStore implements RetentionStore {
  readonly #db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.#db = db;
  }

  async deleteExpired(kind: RetentionKind, cutoffMs: number, limit: number): Promise<number> {
    if (kind === 'raw') {
      const doomed = this.#db.samples.filter((r) => r.ts < cutoffMs).slice(0, limit);
      const gone = new Set(doomed.map((r) => r.seq));
      this.#db.samples = this.#db.samples.filter((r) => !gone.has(r.seq));
      for (const seq of gone) {
        this.#db.retentionFloor = Math.max(this.#db.retentionFloor, seq);
        this.#db.deletedSeqs.add(seq);
      }
      return gone.size;
    }
    const table = this.#db.rollups[kind === 'minute' ? '1m' : '1h'];
    let deleted = 0;
    for (const [key, r] of table) {
      if (deleted >= limit) break;
      if (r.bucketTs < cutoffMs) {
        table.delete(key);
        deleted++;
      }
    }
    return deleted;
  }
}

function rollUp(
  table: Map<string, Rollup>,
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
