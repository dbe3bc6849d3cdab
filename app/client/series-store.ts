import type {
  Point,
  RangeAnswer,
  SamplesPayload,
  SnapshotPayload,
  SnapshotSeries,
} from '@/lib/protocol';
import { createBuffer, insertPoint, type SeriesBuffer, trimBuffer } from './series-buffer';
import { type CatalogView, SeriesCatalog } from './series-catalog';
import { type HistoryTimers, type LoadHistory, SeriesHistory } from './series-history';
import { SeriesListeners } from './series-listeners';
import type { SeriesSource } from './series-source';

/**
 * Most series whose points are kept although no widget shows them: the ones taken off the
 * board most recently and new series seen most recently (so a default widget that appears for
 * a new series needs no history request). The oldest beyond this are dropped.
 */
export const RECENT_SERIES_MAX = 64;

/** What reached the store: a snapshot (a reset) or a batch of samples. */
export type StoreBatch =
  | { kind: 'snapshot'; payload: SnapshotPayload }
  | { kind: 'samples'; payload: SamplesPayload };

/** A live sample held while its series' history loads: `[seq, ts, value]`. */
type PendingSample = [number, number, number];

/**
 * The browser's copy of the live series, fed by the metric stream. Every known series' name and
 * unit is in the catalog (cheap), but points are kept only for the series the board shows
 * (`keep`) plus at most RECENT_SERIES_MAX others, so ten thousand series do not sit in memory.
 * A series put on the board whose points are not held gets its last five minutes from
 * `loadHistory` (`/api/range`), merged with the live samples that came after the answer's seq.
 * Until the first `keep` (the board is not known yet) every series of the snapshot is held.
 * Not React state: widgets subscribe to one series each and redraw themselves.
 */
export class SeriesStore implements SeriesSource {
  readonly #catalog = new SeriesCatalog();
  readonly #buffers = new Map<string, SeriesBuffer>();
  /** Buffered series whose older points are missing (truncated, or history not loaded yet). */
  readonly #partial = new Set<string>();
  /** Live samples of series whose history is loading. */
  readonly #pending = new Map<string, PendingSample[]>();
  /** Buffered series not on the board, least recently needed first. */
  readonly #recent = new Set<string>();
  readonly #history: SeriesHistory | undefined;
  readonly #batchListeners = new Set<(batch: StoreBatch) => void>();
  readonly #listListeners = new Set<() => void>();
  readonly #listeners = new SeriesListeners();
  #wanted: ReadonlySet<string> | undefined;
  #haveSnapshot = false;
  /** The catalog version the list listeners last heard of. */
  #listedVersion = 0;

  /** `loadHistory`: how to load the recent points of series (none: they start empty). */
  constructor(options: { loadHistory?: LoadHistory; timers?: HistoryTimers } = {}) {
    this.#history = options.loadHistory
      ? new SeriesHistory(
          options.loadHistory,
          (names, answer) => this.#fill(names, answer),
          options.timers,
        )
      : undefined;
  }

  /** Every known series, in the order learned; a new array only when the list changes. */
  readonly list = () => this.#catalog.view().series;

  /** Every known series, how many the snapshot left out, and which were deleted. */
  readonly catalog = (): CatalogView => this.#catalog.view();

  /** The points of `name`, or undefined when they are not held. */
  get(name: string): SeriesBuffer | undefined {
    return this.#buffers.get(name);
  }

  /** Series whose points are held (for tests and the memory bound). */
  get bufferedCount(): number {
    return this.#buffers.size;
  }

  /** Whether the history of `name` is being loaded. */
  loading(name: string): boolean {
    return this.#history?.loading(name) ?? false;
  }

  /**
   * The series the board shows: their points are kept (and loaded when missing); every other
   * series' points are dropped, but for the RECENT_SERIES_MAX most recently needed.
   */
  keep(names: Iterable<string>): void {
    const wanted = new Set(names);
    this.#wanted = wanted;
    for (const name of this.#buffers.keys()) {
      if (wanted.has(name)) this.#recent.delete(name);
      else if (!this.#recent.has(name)) this.#recent.add(name);
    }
    this.#trimRecent();
    if (this.#haveSnapshot) for (const name of wanted) this.#ensure(name);
  }

  /** Everything held, as a snapshot payload at `seq` (a catch-up for a tab that joins late). */
  toSnapshot(seq: number): SnapshotPayload {
    const series = this.#catalog.view().series.map((info): SnapshotSeries => {
      const buffer = this.#buffers.get(info.name);
      const points = buffer
        ? buffer.ts.map((ts, i): Point => [ts, buffer.values[i] as number])
        : [];
      const item: SnapshotSeries = { ...info, points };
      if (!buffer || this.#partial.has(info.name)) item.truncated = true;
      return item;
    });
    const omitted = this.#catalog.omitted;
    return omitted > 0 ? { seq, series, omittedSeries: omitted } : { seq, series };
  }

  /** A snapshot replaces everything held. */
  applySnapshot(payload: SnapshotPayload): void {
    this.#haveSnapshot = true;
    this.#history?.reset();
    this.#pending.clear();
    this.#partial.clear();
    const previous = [...this.#buffers.keys()];
    this.#buffers.clear();
    this.#catalog.reset(payload.series, payload.omittedSeries ?? 0);
    const wanted = this.#wanted;
    for (const s of payload.series) {
      if (wanted && !wanted.has(s.name) && !this.#recent.has(s.name)) continue;
      this.#buffers.set(s.name, createBuffer(s, s.points));
      if (s.truncated) this.#partial.add(s.name);
    }
    for (const name of this.#recent) if (!this.#buffers.has(name)) this.#recent.delete(name);
    if (wanted) for (const name of wanted) this.#ensure(name);
    this.#notifyList();
    for (const name of new Set([...previous, ...this.#buffers.keys()])) this.#notify(name);
    for (const listener of this.#batchListeners) listener({ kind: 'snapshot', payload });
  }

  /**
   * Adds a batch of samples to the series held; a series seen for the first time is learned
   * (with its unit) and held as a recent one when its whole history is this batch.
   */
  applySamples(payload: SamplesPayload): void {
    const units = new Map((payload.series ?? []).map((s) => [s.name, s.unit]));
    const touched = new Set<string>();
    const count = payload.samples.length;
    payload.samples.forEach((sample, i) => {
      const name = sample.series;
      const known = this.#catalog.has(name);
      // New since a snapshot that listed every series (or since its delete): nothing older exists.
      const whole = !known && (this.#catalog.complete || this.#catalog.isDeleted(name));
      // A name the server does not describe is not new: the snapshot left it out.
      if (!known) this.#catalog.learn(name, units.get(name), !units.has(name));
      let buffer = this.#buffers.get(name);
      if (!buffer) {
        if (!whole) return;
        const unit = units.get(name);
        buffer = createBuffer(unit === undefined ? { name } : { name, unit });
        this.#buffers.set(name, buffer);
        if (this.#wanted?.has(name) !== true) this.#touchRecent(name);
      }
      insertPoint(buffer, sample.ts, sample.value);
      // An unfiltered stream numbers its samples one after the other, ending at the event's seq.
      this.#pending.get(name)?.push([payload.seq - (count - 1 - i), sample.ts, sample.value]);
      touched.add(name);
    });
    for (const [name, unit] of units) {
      this.#catalog.learn(name, unit);
      const buffer = this.#buffers.get(name);
      if (buffer && unit !== undefined && buffer.unit !== unit) {
        buffer.unit = unit;
        touched.add(name);
      }
    }
    for (const name of touched) trimBuffer(this.#buffers.get(name) as SeriesBuffer);
    this.#trimRecent();
    this.#notifyList();
    for (const name of touched) this.#notify(name);
    for (const listener of this.#batchListeners) listener({ kind: 'samples', payload });
  }

  /** The series was deleted on the server: forget its points and its name. */
  deleteSeries(name: string): void {
    this.#catalog.remove(name);
    this.#history?.cancel(name);
    this.#pending.delete(name);
    this.#partial.delete(name);
    this.#recent.delete(name);
    if (this.#wanted?.has(name)) this.#buffers.set(name, createBuffer({ name }));
    else this.#buffers.delete(name);
    this.#notifyList();
    this.#notify(name);
  }

  /**
   * Calls `listener` with every snapshot and samples batch after it is applied (range views
   * merge live samples by `seq`, the pause button counts them); returns the unsubscribe function.
   */
  subscribeBatches(listener: (batch: StoreBatch) => void): () => void {
    this.#batchListeners.add(listener);
    return () => this.#batchListeners.delete(listener);
  }

  /** Calls `listener` after each change of `name`; returns the unsubscribe function. */
  readonly subscribeSeries = this.#listeners.subscribeSeries;

  /** Calls `listener` when the catalog changes (in the shape useSyncExternalStore wants). */
  readonly subscribeList = (listener: () => void): (() => void) => {
    this.#listListeners.add(listener);
    return () => this.#listListeners.delete(listener);
  };

  /** Makes sure the points of a series on the board are held, or on their way. */
  #ensure(name: string): void {
    this.#recent.delete(name);
    const buffer = this.#buffers.get(name);
    if (buffer && !this.#partial.has(name)) return;
    if (!buffer) {
      const unknown = !this.#catalog.has(name);
      const absent = unknown && (this.#catalog.complete || this.#catalog.isDeleted(name));
      this.#buffers.set(name, createBuffer({ name }));
      if (absent) return;
      this.#partial.add(name);
    }
    if (!this.#history || this.#history.loading(name)) return;
    this.#pending.set(name, []);
    this.#history.request([name]);
  }

  /** A history answer: its points, then the live samples that came after its seq. */
  #fill(names: readonly string[], answer: RangeAnswer): void {
    const bySeries = new Map(answer.series.map((s) => [s.name, s]));
    const filled: string[] = [];
    for (const name of names) {
      const pending = this.#pending.get(name) ?? [];
      this.#pending.delete(name);
      if (!this.#buffers.has(name)) continue;
      const found = bySeries.get(name);
      if (found) this.#catalog.learn(name, found.unit, true);
      const unit = found?.unit ?? this.#buffers.get(name)?.unit;
      const buffer = createBuffer(unit === undefined ? { name } : { name, unit }, found?.points);
      for (const [seq, ts, value] of pending) if (seq > answer.seq) insertPoint(buffer, ts, value);
      trimBuffer(buffer);
      this.#buffers.set(name, buffer);
      this.#partial.delete(name);
      filled.push(name);
    }
    this.#notifyList();
    for (const name of filled) this.#notify(name);
  }

  #touchRecent(name: string): void {
    this.#recent.delete(name);
    this.#recent.add(name);
  }

  /** Drops the least recently needed series beyond RECENT_SERIES_MAX. */
  #trimRecent(): void {
    for (const name of this.#recent) {
      if (this.#recent.size <= RECENT_SERIES_MAX) return;
      this.#recent.delete(name);
      this.#buffers.delete(name);
      this.#partial.delete(name);
      this.#pending.delete(name);
      this.#history?.cancel(name);
    }
  }

  #notifyList(): void {
    if (this.#catalog.version === this.#listedVersion) return;
    this.#listedVersion = this.#catalog.version;
    for (const listener of this.#listListeners) listener();
  }

  #notify(name: string): void {
    this.#listeners.notify(name);
  }
}
