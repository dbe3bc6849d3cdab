import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { wallNow } from './clock';

/** What one stream saw of one tracked series (values are marker or burst indices). */
export type SeriesTrack = {
  /** `samples` events that carried at least one sample of the series. */
  events: number;
  /** First receive time of each value, on the shared wall clock. */
  seen: Map<number, number>;
  /** Values received more than once. */
  duplicates: number;
};

export type SseClientState = 'opening' | 'open' | 'failed' | 'dropped' | 'closed';

/**
 * One light SSE reader on a raw `http.request`: records when the first event arrived and, for
 * the tracked series, when each value arrived and how often. It keeps no event bodies.
 */
export class SseClient {
  readonly startedAt = wallNow();
  state: SseClientState = 'opening';
  firstEventAt = Number.NaN;
  error: string | undefined;
  /** Events (not comments) received since the last {@link resetCounters}. */
  events = 0;
  readonly tracks = new Map<string, SeriesTrack>();
  readonly #request: ClientRequest;
  readonly #onSettled: (client: SseClient) => void;
  #buffer = '';

  constructor(
    url: URL,
    localAddress: string,
    trackedSeries: readonly string[],
    onSettled: (client: SseClient) => void,
  ) {
    for (const name of trackedSeries) {
      this.tracks.set(name, { events: 0, seen: new Map(), duplicates: 0 });
    }
    this.#onSettled = onSettled;
    this.#request = request(url, {
      agent: false,
      localAddress,
      headers: { Accept: 'text/event-stream' },
    });
    this.#request.on('response', (res) => this.#onResponse(res));
    this.#request.on('error', (error) => this.#end(error.message));
    this.#request.end();
  }

  /** Closes the stream on purpose (not counted as dropped). */
  close(): void {
    if (this.state === 'opening' || this.state === 'open') this.state = 'closed';
    this.#request.destroy();
  }

  /** Marks the stream failed (it did not send its first event in time) and closes it. */
  fail(reason: string): void {
    if (this.state !== 'opening') return;
    this.#end(reason);
    this.#request.destroy();
  }

  resetCounters(): void {
    this.events = 0;
  }

  #onResponse(res: IncomingMessage): void {
    if (res.statusCode !== 200) {
      this.#end(`HTTP ${res.statusCode}`);
      res.resume();
      return;
    }
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => this.#onData(chunk));
    res.on('close', () => this.#end('the stream ended'));
  }

  #end(reason: string): void {
    if (this.state === 'opening') {
      this.state = 'failed';
      this.error = reason;
      this.#onSettled(this);
    } else if (this.state === 'open') {
      this.state = 'dropped';
      this.error = reason;
    }
  }

  #onData(chunk: string): void {
    const at = wallNow();
    this.#buffer += chunk;
    for (let end = this.#buffer.indexOf('\n\n'); end !== -1; end = this.#buffer.indexOf('\n\n')) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      this.#onBlock(block, at);
    }
  }

  #onBlock(block: string, at: number): void {
    if (block.startsWith(':')) return; // keep-alive comment
    let event: string | undefined;
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data = line.slice(6);
    }
    if (event === undefined) return; // the retry line
    this.events++;
    if (this.state === 'opening') {
      this.state = 'open';
      this.firstEventAt = at;
      this.#onSettled(this);
    }
    if (event === 'samples' && data !== undefined) this.#onSamples(data, at);
  }

  #onSamples(data: string, at: number): void {
    let tracked = false;
    for (const name of this.tracks.keys()) if (data.includes(name)) tracked = true;
    if (!tracked) return;
    const payload = JSON.parse(data) as { samples: { series: string; value: number }[] };
    const touched = new Set<SeriesTrack>();
    for (const sample of payload.samples) {
      const track = this.tracks.get(sample.series);
      if (!track) continue;
      touched.add(track);
      if (track.seen.has(sample.value)) track.duplicates++;
      else track.seen.set(sample.value, at);
    }
    for (const track of touched) track.events++;
  }
}
