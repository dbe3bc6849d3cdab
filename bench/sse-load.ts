/**
 * SSE load generator child process: opens its share of the streams in ramped batches and
 * reports what each stream received. Started and driven by the orchestrator over IPC.
 */
import { sleep, wallNow } from './clock';
import { BURST_SERIES, MARKER_SERIES } from './config';
import { createLagMonitor, serveCommands } from './load-child';
import { countErrors, openInBatches } from './ramp';
import { SseClient } from './sse-client';
import type { SseCollected, SseLoadCommand, SseLoadReply, SseOpened } from './sse-load-protocol';

/** How often completion is checked while waiting for deliveries, in milliseconds. */
const DELIVERY_POLL_MS = 50;
/** Series whose values every stream records. */
const TRACKED_SERIES = [MARKER_SERIES, BURST_SERIES];

let clients: SseClient[] = [];
const lag = createLagMonitor();

serveCommands<SseLoadCommand, SseLoadReply>(async (command) => {
  switch (command.type) {
    case 'open':
      return openAll(command);
    case 'measure':
      lag.reset();
      for (const c of clients) c.resetCounters();
      return { type: 'ok' };
    case 'collect':
      return collect(command);
    case 'close':
      for (const c of clients) c.close();
      clients = [];
      return { type: 'ok' };
  }
});

async function openAll(command: Extract<SseLoadCommand, { type: 'open' }>): Promise<SseOpened> {
  const url = new URL(command.url);
  const all = await openInBatches(
    command.count,
    command.batchSize,
    command.timeoutMs,
    (_, settled) => new SseClient(url, command.localAddress, TRACKED_SERIES, settled),
  );
  clients.push(...all);
  const opened = all.filter((c) => c.state === 'open');
  return {
    type: 'opened',
    opened: opened.length,
    failed: all.length - opened.length,
    firstEventMs: opened.map((c) => c.firstEventAt - c.startedAt),
    errors: countErrors(all),
  };
}

async function collect(
  command: Extract<SseLoadCommand, { type: 'collect' }>,
): Promise<SseCollected> {
  const streams = clients.filter((c) => !Number.isNaN(c.firstEventAt));
  const complete = () =>
    streams.every(
      (c) =>
        c.state !== 'open' ||
        (c.tracks.get(command.series)?.seen.size ?? 0) >= command.values.length,
    );
  while (!complete() && wallNow() < command.deadlineAt) await sleep(DELIVERY_POLL_MS);

  const latencies: number[] = [];
  const sendLatencies: number[] = [];
  const lastAt = command.values.map(() => Number.NaN);
  const reply: SseCollected = {
    type: 'collected',
    latenciesMs: new Float64Array(0),
    sendLatenciesMs: new Float64Array(0),
    lastAt,
    missing: 0,
    duplicates: 0,
    eventsPerStream: [],
    events: 0,
    open: 0,
    dropped: 0,
    lag: lag.read(),
  };
  for (const c of streams) {
    const track = c.tracks.get(command.series);
    if (!track) continue;
    command.values.forEach((value, i) => {
      const at = track.seen.get(value);
      if (at === undefined) {
        reply.missing++;
        return;
      }
      const origin = command.originAt[i] ?? Number.NaN;
      if (!Number.isNaN(origin)) latencies.push(at - origin);
      sendLatencies.push(at - (command.sentAt[i] ?? Number.NaN));
      if (!(at <= (lastAt[i] as number))) lastAt[i] = at;
    });
    reply.duplicates += track.duplicates;
    reply.eventsPerStream.push(track.events);
    reply.events += c.events;
    if (c.state === 'open') reply.open++;
    if (c.state === 'dropped') reply.dropped++;
  }
  reply.latenciesMs = Float64Array.from(latencies);
  reply.sendLatenciesMs = Float64Array.from(sendLatencies);
  return reply;
}
