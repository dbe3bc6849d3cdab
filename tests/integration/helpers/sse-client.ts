import type { SamplesPayload, SnapshotPayload } from '@/lib/protocol';
import { trackClient } from './cleanup';
import { DEFAULT_WAIT_MS, EventLog } from './event-log';

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
  /** Resolves when the server ends the response (rejects never). */
  ended: Promise<'end' | 'abort' | 'error'>;
  /** Aborts the request, as a browser tab going away. */
  close(): void;
};

/** Opens `GET <url>` as an event stream and parses blocks as they arrive. Throws unless 200. */
export async function openSse(
  url: string,
  options: { headers?: Record<string, string> } = {},
): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { Accept: 'text/event-stream', ...options.headers },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) {
    const text = await response.text();
    throw new Error(`GET ${url} answered ${response.status}: ${text}`);
  }
  const log = new EventLog<SseItem>((item) => JSON.stringify(item.raw));
  const forget = trackClient(() => controller.abort());
  const ended = pump(response.body, log).finally(forget);
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
    status: response.status,
    headers: response.headers,
    log,
    next,
    nextEvent: nextEvent as SseStream['nextEvent'],
    ended,
    close: () => controller.abort(),
  };
}

async function pump(
  body: ReadableStream<Uint8Array>,
  log: EventLog<SseItem>,
): Promise<'end' | 'abort' | 'error'> {
  const decoder = new TextDecoder();
  const parser = createBlockParser((item) => log.push(item));
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser(decoder.decode(value, { stream: true }));
    }
    log.end('the server ended the stream');
    return 'end';
  } catch (error) {
    const aborted = error instanceof Error && error.name === 'AbortError';
    log.end(aborted ? 'the client aborted the stream' : `the stream failed: ${String(error)}`);
    return aborted ? 'abort' : 'error';
  }
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
