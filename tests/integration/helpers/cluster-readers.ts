import type { SamplesPayload } from '@/lib/protocol';
import { DEFAULT_WAIT_MS } from './event-log';
import { openSse, type SseStream } from './sse-client';

/** One sample as a reader received it. */
export type ReceivedSample = { series: string; value: number };

/**
 * A stream client that may move between instances: each `open`/`resumeOn` is a segment (one
 * SSE connection); everything received in every segment is kept, in order, so a test can
 * compare it with the table. The first segment starts with a snapshot; a resume sends the
 * last event id it saw as Last-Event-ID.
 */
export class ClusterReader {
  readonly name: string;
  /** Series this reader asks for (`?series=`), or undefined for every series. */
  readonly filter: readonly string[] | undefined;
  readonly segments: SseStream[] = [];
  /** Resume with `<seq>:<epoch>` (the epoch of the first snapshot), as the page does. */
  readonly withEpoch: boolean;
  #epoch: string | undefined;

  constructor(name: string, filter?: readonly string[], options: { withEpoch?: boolean } = {}) {
    this.name = name;
    this.filter = filter;
    this.withEpoch = options.withEpoch ?? false;
  }

  /** Opens the first segment on `url` and waits for its snapshot. */
  async open(url: string): Promise<void> {
    const stream = await openSse(this.#streamUrl(url));
    this.segments.push(stream);
    this.#epoch = (await stream.nextEvent('snapshot')).data.epoch;
  }

  /** Closes the current segment (if open) and resumes on `url` from the last id seen. */
  async resumeOn(url: string): Promise<void> {
    const lastId = this.lastId();
    this.current().close();
    const cursor = this.withEpoch ? `${lastId}:${this.#epoch}` : String(lastId);
    const stream = await openSse(this.#streamUrl(url), { headers: { 'Last-Event-ID': cursor } });
    this.segments.push(stream);
  }

  current(): SseStream {
    const stream = this.segments.at(-1);
    if (!stream) throw new Error(`${this.name} was never opened`);
    return stream;
  }

  /** The id of the last snapshot or samples event of any segment. */
  lastId(): number {
    const ids = this.#events().map((e) => Number(e.id));
    const last = ids.at(-1);
    if (last === undefined) throw new Error(`${this.name} received no event yet`);
    return last;
  }

  /** Every sample received in `samples` events, in order, over every segment. */
  received(): ReceivedSample[] {
    return this.#events()
      .filter((e) => e.event === 'samples')
      .flatMap((e) => (JSON.parse(e.data ?? '{}') as SamplesPayload).samples)
      .map((s) => ({ series: s.series, value: s.value }));
  }

  /** The ids of every event in order (snapshot and samples), over every segment. */
  eventIds(): number[] {
    return this.#events().map((e) => Number(e.id));
  }

  /** Snapshots received after the first event of the first segment (a resume must get none). */
  laterSnapshots(): number {
    return this.#events()
      .slice(1)
      .filter((e) => e.event === 'snapshot').length;
  }

  /** Waits until a sample with `value` arrived on the current segment. */
  async waitForValue(value: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (this.received().some((s) => s.value === value)) return;
    await this.current().log.next(
      (item) =>
        item.event === 'samples' &&
        (JSON.parse(item.data ?? '{}') as SamplesPayload).samples.some((s) => s.value === value),
      timeoutMs,
      `${this.name}: the sample with value ${value}`,
    );
  }

  close(): void {
    for (const s of this.segments) s.close();
  }

  #events() {
    return this.segments.flatMap((s) =>
      s.log.items.filter((i) => i.event === 'snapshot' || i.event === 'samples'),
    );
  }

  #streamUrl(url: string): string {
    const query = this.filter ? `?series=${encodeURIComponent(this.filter.join(','))}` : '';
    return `${url}/api/stream${query}`;
  }
}

/** Whether `ids` only ever increase. */
export function strictlyIncreasing(ids: readonly number[]): boolean {
  return ids.every((id, i) => i === 0 || id > (ids[i - 1] as number));
}
