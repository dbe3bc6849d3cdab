import {
  type RangeAnswer,
  type RangeResolution,
  RESOLUTION_BUCKET_MS,
  type SamplesPayload,
} from '@/lib/protocol';
import { bufferOfRangeSeries, dropBefore, mergeLiveSample, type RangeBuffer } from './range-merge';
import { SeriesListeners } from './series-listeners';
import type { SeriesSource } from './series-source';
import type { StoreBatch } from './series-store';

/** Where a range view stands: waiting for `/api/range`, showing it, or failed to load it. */
export type RangeViewStatus = 'loading' | 'ready' | 'error';

/**
 * The series of one time range: the `/api/range` answer, plus (for a range that ends now) the
 * live samples with `seq` greater than the answer's, merged in as they arrive (into the last
 * bucket for rolled-up resolutions). Points older than the range start are dropped as it
 * slides. A past range is static: live samples are ignored.
 */
export class RangeView implements SeriesSource {
  readonly live: boolean;
  readonly #spanMs: number;
  readonly #now: () => number;
  readonly #buffers = new Map<string, RangeBuffer>();
  readonly #statusListeners = new Set<() => void>();
  readonly #listeners = new SeriesListeners();
  #answer: RangeAnswer | undefined;
  #pending: SamplesPayload[] = [];
  #status: RangeViewStatus = 'loading';

  readonly #reload: (() => void) | undefined;

  /** `reload`: loads the range again (then calls load()); used after the stream resynced. */
  constructor(options: { live: boolean; spanMs: number; now?: () => number; reload?: () => void }) {
    this.live = options.live;
    this.#reload = options.reload;
    this.#spanMs = options.spanMs;
    this.#now = options.now ?? Date.now;
  }

  readonly list = this.#listeners.list;
  readonly status = (): RangeViewStatus => this.#status;
  /** The answer's resolution (raw until loaded). */
  resolution(): RangeResolution {
    return this.#answer?.resolution ?? 'raw';
  }

  get(name: string): RangeBuffer | undefined {
    return this.#buffers.get(name);
  }

  /**
   * Takes the `/api/range` answer (replacing what was held), then the live samples that arrived
   * while it was loading.
   */
  load(answer: RangeAnswer): void {
    this.#answer = answer;
    this.#buffers.clear();
    for (const s of answer.series) this.#buffers.set(s.name, bufferOfRangeSeries(s));
    const pending = this.#pending;
    this.#pending = [];
    for (const payload of pending) this.#merge(payload, false);
    this.#slide();
    this.#setStatus('ready');
    this.#updateList();
    for (const name of this.#buffers.keys()) this.#notify(name);
  }

  /** The answer could not be loaded. */
  fail(): void {
    this.#setStatus('error');
  }

  /**
   * Feeds one batch of the live store. Samples batches with `seq` above the answer's are merged
   * (held until the answer is there); a snapshot (a resync) only slides the range.
   */
  readonly onBatch = (batch: StoreBatch): void => {
    if (!this.live) return;
    if (batch.kind === 'snapshot') {
      // The stream resynced: samples may have been skipped. Load the range again; live
      // samples wait for the new answer.
      if (this.#answer && this.#reload) {
        this.#answer = undefined;
        this.#pending = [];
        this.#reload();
      }
      return;
    }
    if (!this.#answer) {
      this.#pending.push(batch.payload);
      return;
    }
    this.#merge(batch.payload, true);
  };

  #merge(payload: SamplesPayload, notify: boolean): void {
    const answer = this.#answer as RangeAnswer;
    if (payload.seq <= answer.seq) return;
    const bucketMs = RESOLUTION_BUCKET_MS[answer.resolution];
    const units = new Map((payload.series ?? []).map((s) => [s.name, s.unit]));
    const touched = new Set<string>();
    let created = false;
    for (const sample of payload.samples) {
      let buffer = this.#buffers.get(sample.series);
      if (!buffer) {
        const unit = units.get(sample.series);
        buffer = {
          name: sample.series,
          ts: [],
          values: [],
          ...(unit === undefined ? {} : { unit }),
        };
        if (bucketMs > 0) {
          buffer.bandMin = [];
          buffer.bandMax = [];
        }
        this.#buffers.set(sample.series, buffer);
        created = true;
      }
      mergeLiveSample(buffer, sample.ts, sample.value, bucketMs);
      touched.add(sample.series);
    }
    if (!notify) return;
    this.#slide();
    if (created) this.#updateList();
    for (const name of touched) this.#notify(name);
  }

  /** Drops what fell out of the range start (now - span). */
  #slide(): void {
    if (!this.live || !this.#answer) return;
    const from = this.#now() - this.#spanMs;
    const bucketMs = RESOLUTION_BUCKET_MS[this.#answer.resolution];
    for (const buffer of this.#buffers.values()) dropBefore(buffer, from, bucketMs);
  }

  readonly subscribeSeries = this.#listeners.subscribeSeries;

  readonly subscribeList = this.#listeners.subscribeList;

  readonly subscribeStatus = (listener: () => void): (() => void) => {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  };

  #setStatus(status: RangeViewStatus): void {
    this.#status = status;
    for (const listener of this.#statusListeners) listener();
  }

  #updateList(): void {
    this.#listeners.setList(this.#buffers.values());
  }

  #notify(name: string): void {
    this.#listeners.notify(name);
  }
}
