import type { SamplesPayload, SnapshotPayload } from '@/lib/protocol';
import { createBuffer, insertPoint, type SeriesBuffer, trimBuffer } from './series-buffer';
import { SeriesListeners } from './series-listeners';

/** What reached the store: a snapshot (a reset) or a batch of samples. */
export type StoreBatch =
  | { kind: 'snapshot'; payload: SnapshotPayload }
  | { kind: 'samples'; payload: SamplesPayload };

/**
 * The browser's copy of every series, fed by the metric stream. Not React state: widgets
 * subscribe to one series each and redraw themselves, so a sample never re-renders the page.
 * Only the list of series (which changes rarely) is read by React.
 */
export class SeriesStore {
  readonly #buffers = new Map<string, SeriesBuffer>();
  readonly #batchListeners = new Set<(batch: StoreBatch) => void>();
  readonly #listeners = new SeriesListeners();

  /** Every known series, in order of appearance; a new array only when the list changes. */
  readonly list = this.#listeners.list;

  /** The points of `name`, or undefined when the series is unknown. */
  get(name: string): SeriesBuffer | undefined {
    return this.#buffers.get(name);
  }

  /** Everything held, as a snapshot payload at `seq` (a catch-up for a tab that joins late). */
  toSnapshot(seq: number): SnapshotPayload {
    const series = [...this.#buffers.values()].map((b) => {
      const points = b.ts.map((ts, i): [number, number] => [ts, b.values[i] as number]);
      return b.unit === undefined
        ? { name: b.name, points }
        : { name: b.name, unit: b.unit, points };
    });
    return { seq, series };
  }

  /** A snapshot replaces everything held. */
  applySnapshot(payload: SnapshotPayload): void {
    const previous = new Set(this.#buffers.keys());
    this.#buffers.clear();
    for (const s of payload.series) this.#buffers.set(s.name, createBuffer(s, s.points));
    this.#updateList();
    for (const name of new Set([...previous, ...this.#buffers.keys()])) this.#notify(name);
    for (const listener of this.#batchListeners) listener({ kind: 'snapshot', payload });
  }

  /** Adds a batch of samples; series seen for the first time are created (with their unit). */
  applySamples(payload: SamplesPayload): void {
    const units = new Map((payload.series ?? []).map((s) => [s.name, s.unit]));
    const touched = new Set<string>();
    let created = false;
    for (const sample of payload.samples) {
      let buffer = this.#buffers.get(sample.series);
      if (!buffer) {
        const unit = units.get(sample.series);
        buffer = createBuffer(
          unit === undefined ? { name: sample.series } : { name: sample.series, unit },
        );
        this.#buffers.set(sample.series, buffer);
        created = true;
      }
      insertPoint(buffer, sample.ts, sample.value);
      touched.add(sample.series);
    }
    for (const info of payload.series ?? []) {
      const buffer = this.#buffers.get(info.name);
      if (buffer && info.unit !== undefined && buffer.unit !== info.unit) {
        buffer.unit = info.unit;
        created = true;
      }
    }
    for (const name of touched) trimBuffer(this.#buffers.get(name) as SeriesBuffer);
    if (created) this.#updateList();
    for (const name of touched) this.#notify(name);
    for (const listener of this.#batchListeners) listener({ kind: 'samples', payload });
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

  /** Calls `listener` when the list of series changes (in the shape useSyncExternalStore wants). */
  readonly subscribeList = this.#listeners.subscribeList;

  #updateList(): void {
    this.#listeners.setList(this.#buffers.values());
  }

  #notify(name: string): void {
    this.#listeners.notify(name);
  }
}
