/**
 * Chat load generator child process: opens its share of the sockets in ramped batches, sends
 * the messages it is told to, and reports what each socket received. Driven over IPC.
 */
import { ChatClient } from './chat-client';
import type {
  ChatCollected,
  ChatLoadCommand,
  ChatLoadReply,
  ChatOpened,
  ChatSend,
} from './chat-load-protocol';
import { sleep, wallNow } from './clock';
import { createLagMonitor, serveCommands } from './load-child';
import { countErrors, openInBatches } from './ramp';

/** How often completion is checked while waiting for deliveries, in milliseconds. */
const DELIVERY_POLL_MS = 50;

let clients = new Map<number, ChatClient>();
const lag = createLagMonitor();

serveCommands<ChatLoadCommand, ChatLoadReply>(async (command) => {
  switch (command.type) {
    case 'open':
      return openAll(command);
    case 'measure':
      lag.reset();
      for (const c of clients.values()) c.resetCounters();
      return { type: 'ok' };
    case 'send': {
      const client = clients.get(command.sender);
      if (client?.state !== 'open') throw new Error(`sender b${command.sender} is not open here`);
      return { type: 'sent', at: client.sendMessage(command.k) };
    }
    case 'collect':
      return collect(command.sends, command.deadlineAt);
    case 'close':
      for (const c of clients.values()) c.close();
      clients = new Map();
      return { type: 'ok' };
  }
});

async function openAll(command: Extract<ChatLoadCommand, { type: 'open' }>): Promise<ChatOpened> {
  const all = await openInBatches(
    command.indices.length,
    command.batchSize,
    command.timeoutMs,
    (i, settled) => {
      const index = command.indices[i] as number;
      const url = new URL(command.url);
      url.searchParams.set('name', `b${index}`);
      return new ChatClient(url, index, command.localAddress, settled);
    },
  );
  for (const c of all) clients.set(c.index, c);
  const opened = all.filter((c) => c.state === 'open');
  return {
    type: 'opened',
    opened: opened.length,
    failed: all.length - opened.length,
    welcomeMs: opened.map((c) => c.welcomeAt - c.startedAt),
    errors: countErrors(all),
  };
}

async function collect(sends: ChatSend[], deadlineAt: number): Promise<ChatCollected> {
  const receivers = [...clients.values()].filter((c) => !Number.isNaN(c.welcomeAt));
  const ownSends = new Map<number, number>();
  for (const s of sends) ownSends.set(s.sender, (ownSends.get(s.sender) ?? 0) + 1);
  const complete = () =>
    receivers.every((c) => {
      if (c.state !== 'open') return true;
      const own = ownSends.get(c.index) ?? 0;
      return c.messages.size >= sends.length - own && c.acks.size >= own;
    });
  while (!complete() && wallNow() < deadlineAt) await sleep(DELIVERY_POLL_MS);

  const latencies: number[] = [];
  const reply: ChatCollected = {
    type: 'collected',
    latenciesMs: new Float64Array(0),
    lastAt: sends.map(() => Number.NaN),
    lost: 0,
    duplicates: 0,
    ackLatenciesMs: [],
    acksMissing: 0,
    deliveries: 0,
    frames: 0,
    open: 0,
    dropped: 0,
    lag: lag.read(),
  };
  for (const c of receivers) {
    sends.forEach((send, i) => {
      const arrival = c.messages.get(send.k);
      if (send.sender === c.index) {
        if (arrival) reply.duplicates += arrival.count; // echoed to its own sender
        const ack = c.acks.get(send.k);
        if (ack) reply.ackLatenciesMs.push(ack.at - send.at);
        else reply.acksMissing++;
        return;
      }
      if (!arrival) {
        reply.lost++;
        return;
      }
      reply.deliveries++;
      reply.duplicates += arrival.count - 1;
      latencies.push(arrival.at - send.at);
      const last = reply.lastAt[i] as number;
      if (!(arrival.at <= last)) reply.lastAt[i] = arrival.at;
    });
    reply.frames += c.frames;
    if (c.state === 'open') reply.open++;
    if (c.state === 'dropped') reply.dropped++;
  }
  reply.latenciesMs = Float64Array.from(latencies);
  return reply;
}
