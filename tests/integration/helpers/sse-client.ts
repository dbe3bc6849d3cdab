import { type IncomingHttpHeaders, type IncomingMessage, request } from 'node:http';
import type { SamplesPayload, SnapshotPayload } from '@/lib/protocol';
import { trackClient } from './cleanup';
import { DEFAULT_WAIT_MS, EventLog } from './event-log';
import { type IngestResult, pushSamples, type SampleIn } from './http-api';

/** One SSE block (the lines up to a blank line), as received. */
export type SseItem = {
  event?: string;
  id?: string;
  data?: string;
  retry?: number;
  comment?: string;
  /** The block's text, for byte-for-byte comparisons. */
  raw: string;
  /** `Date.now()` when the block was parsed. */
  receivedAt: number;
};

export type SnapshotEvent = { event: 'snapshot'; id: string; data: SnapshotPayload; item: SseItem };
export type SamplesEvent = { event: 'samples'; id: string; data: SamplesPayload; item: SseItem };
export type StreamEventItem = SnapshotEvent | SamplesEvent;

export type SseStream = {
  status: number;
  headers: Headers;
  log: EventLog<SseItem>;
  /** Consumes blocks until one matches. */
  next(predicate?: (item: SseItem) => boolean, timeoutMs?: number): Promise<SseItem>;
  /** Consumes blocks (skipping comments and `retry`) until the next `snapshot`/`samples`. */
  nextEvent(timeoutMs?: number): Promise<StreamEventItem>;
  nextEvent<E extends StreamEventItem['event']>(
    event: E,
    timeoutMs?: number,
  ): Promise<Extract<StreamEventItem, { event: E }>>;
  /**
   * Settles when the response is over: `end` when the server ended it, `abort` when
   * `close()` did, `error` when the connection broke. Never rejects.
   */
  ended: Promise<'end' | 'abort' | 'error'>;
  /** Destroys the connection, as a browser tab going away. */
  close(): void;
};

/**
 * Opens `GET <url>` as an event stream on a connection of its own (no pooling, so that
 * closing it is exactly a client going away) and parses blocks as they arrive.
 * Throws unless the answer is 200.
 */
export async function openSse(
  url: string,
  options: { headers?: Record<string, string> } = {},
): Promise<SseStream> {
  const req = request(url, {
    agent: false,
    headers: { Accept: 'text/event-stream', ...options.headers },
  });
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
  if (res.statusCode !== 200) {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    throw new Error(`GET ${url} answered ${res.statusCode}: ${Buffer.concat(chunks)}`);
  }
  const log = new EventLog<SseItem>((item) => JSON.stringify(item.raw));
  let closedByClient = false;
  const close = () => {
    closedByClient = true;
    req.destroy();
  };
  const forget = trackClient(close);
  const parse = createBlockParser((item) => log.push(item));
  const decoder = new TextDecoder();
  res.on('data', (chunk: Buffer) => parse(decoder.decode(chunk, { stream: true })));
  const ended = new Promise<'end' | 'abort' | 'error'>((resolve) => {
    res.once('end', () => {
      log.end('the server ended the stream');
      resolve('end');
    });
    res.once('close', () => {
      log.end(closedByClient ? 'the client closed the stream' : 'the connection closed');
      resolve(closedByClient ? 'abort' : 'error');
    });
  }).finally(forget);
  const next = (predicate?: (item: SseItem) => boolean, timeoutMs?: number) =>
    log.next(predicate, timeoutMs, 'an SSE block');
  const nextEvent = async (eventOrTimeout?: string | number, timeoutMs = DEFAULT_WAIT_MS) => {
    const wanted = typeof eventOrTimeout === 'string' ? eventOrTimeout : undefined;
    const wait = typeof eventOrTimeout === 'number' ? eventOrTimeout : timeoutMs;
    const item = await log.next(
      (i) => i.event !== undefined && (!wanted || i.event === wanted),
      wait,
      wanted ? `an "${wanted}" event` : 'an event',
    );
    if (wanted === undefined && item.event !== 'snapshot' && item.event !== 'samples') {
      throw new Error(`Unexpected event ${item.event}`);
    }
    return { event: item.event, id: item.id, data: JSON.parse(item.data ?? 'null'), item };
  };
  return {
    status: res.statusCode,
    headers: toHeaders(res.headers),
    log,
    next,
    nextEvent: nextEvent as SseStream['nextEvent'],
    ended,
    close,
  };
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** An incremental parser of SSE text into blocks (event-stream framing, LF or CRLF). */
export function createBlockParser(onItem: (item: SseItem) => void): (text: string) => void {
  let buffer = '';
  let lines: string[] = [];
  return (text) => {
    buffer += text;
    for (;;) {
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line !== '') {
        lines.push(line);
        continue;
      }
      if (lines.length > 0) onItem(toItem(lines));
      lines = [];
    }
  };
}

function toItem(lines: string[]): SseItem {
  const item: SseItem = { raw: `${lines.join('\n')}\n\n`, receivedAt: Date.now() };
  for (const line of lines) {
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === '') item.comment = value;
    else if (field === 'event') item.event = value;
    else if (field === 'id') item.id = value;
    else if (field === 'retry') item.retry = Number(value);
    else if (field === 'data')
      item.data = item.data === undefined ? value : `${item.data}\n${value}`;
  }
  return item;
}

/**
 * Consumes `samples` events until one reaches `seq` and returns them with their samples.
 * Samples committed close together may be split over events or coalesced into one; a test
 * that asserts exactly-once delivery collects this way. A `snapshot` on the way fails it.
 */
export async function collectSamples(
  stream: SseStream,
  seq: number,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<{ events: SamplesEvent[]; samples: SamplesPayload['samples'] }> {
  const events: SamplesEvent[] = [];
  while ((events.at(-1)?.data.seq ?? Number.NEGATIVE_INFINITY) < seq) {
    const event = await stream.nextEvent(timeoutMs);
    if (event.event === 'snapshot') {
      throw new Error(`Expected samples up to seq ${seq}, got a snapshot at ${event.id}`);
    }
    events.push(event);
  }
  return { events, samples: events.flatMap((e) => e.data.samples) };
}

/**
 * Pushes samples and waits until the server has streamed them, so that a stream opened next
 * starts after them. (The hub reads new rows shortly after a commit, coalescing commits that
 * come close together; a snapshot is exact at the hub's cursor, which may lag the store's.)
 */
export async function pushAndSettle(
  url: string,
  samples: readonly SampleIn[],
): Promise<IngestResult> {
  const names = [...new Set(samples.map((s) => s.series))].join(',');
  const watcher = await openSse(`${url}/api/stream?series=${encodeURIComponent(names)}`);
  try {
    await watcher.nextEvent('snapshot');
    const result = await pushSamples(url, samples);
    await collectSamples(watcher, result.seq);
    return result;
  } finally {
    watcher.close();
  }
}
