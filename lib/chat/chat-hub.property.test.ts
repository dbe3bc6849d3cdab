import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { ServerFrame } from '@/lib/protocol';
import type { ChatStore } from '@/lib/store/chat-store';
import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { fastCheckCalls, scheduledStore } from '@/lib/testing/scheduled-stores';
import { ChatHub } from './chat-hub';

/** Every frame any socket was sent, in the order the hub sent them. */
type Sent = { at: number; socket: FakeSocket; frame: ServerFrame };

/** The parts of a ws socket the hub uses; it logs into one shared timeline. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: Sent[] = [];
  sentAfterClose = 0;
  constructor(
    readonly name: string,
    readonly timeline: Sent[],
  ) {
    super();
  }
  send(data: string | Buffer): void {
    if (this.readyState !== 1) this.sentAfterClose++;
    const sent = { at: this.timeline.length, socket: this, frame: JSON.parse(data.toString()) };
    this.timeline.push(sent);
    this.frames.push(sent);
  }
  close(): void {
    this.readyState = 2;
  }
  ping(): void {}
  pong(): void {}
  terminate(): void {
    this.readyState = 3;
  }
  /** The peer closed: ws moves to CLOSED and emits `close`. */
  peerClosed(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close', 1000);
  }
}

type Command =
  | { kind: 'open'; who: number }
  | { kind: 'send'; who: number }
  | { kind: 'close'; who: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('open' as const), who: fc.nat({ max: 3 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('send' as const), who: fc.nat({ max: 3 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('close' as const), who: fc.nat({ max: 3 }) }),
  },
);

type Client = { socket: FakeSocket; sent: string[]; closed: boolean };

afterEach(() => {
  vi.useRealTimers();
});

/** Releases scheduled tasks until none is left, letting the microtasks they start run too. */
async function settle(s: fc.Scheduler): Promise<void> {
  for (let round = 0; round < 1000; round++) {
    await s.waitAll();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    if (s.count() === 0) return;
  }
  throw new Error('the scheduler did not settle');
}

async function run(s: fc.Scheduler, commands: readonly Command[]) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  const db = new MemoryDatabase();
  const store = scheduledStore<ChatStore>(openMemoryStores(db).chat, fastCheckCalls(s));
  const hub = new ChatHub(store, { heartbeatIntervalMs: 1_000_000_000 });
  const timeline: Sent[] = [];
  const clients: Client[] = [];
  const current = new Map<number, Client>();
  let n = 0;
  for (const command of commands) {
    void s.schedule(Promise.resolve(), command.kind).then(() => {
      const client = current.get(command.who);
      if (command.kind === 'open') {
        if (client && !client.closed) return;
        const socket = new FakeSocket(`c${command.who}`, timeline);
        const opened: Client = { socket, sent: [], closed: false };
        clients.push(opened);
        current.set(command.who, opened);
        hub.onOpen(socket as unknown as WebSocket, { name: socket.name });
      } else if (command.kind === 'send') {
        if (!client || client.closed) return;
        const clientMsgId = `m${++n}`;
        client.sent.push(clientMsgId);
        const frame = { type: 'message', text: `text ${n}`, clientMsgId };
        client.socket.emit('message', Buffer.from(JSON.stringify(frame)), false);
      } else {
        if (!client || client.closed) return;
        client.closed = true;
        client.socket.peerClosed();
      }
    });
  }
  await settle(s);
  return { db, hub, clients, timeline };
}

/** The message ids a client learnt of, in the order it learnt them (history, relays, its acks). */
function idsSeen(client: Client): number[] {
  const ids: number[] = [];
  for (const { frame } of client.socket.frames) {
    if (frame.type === 'welcome') ids.push(...frame.history.map((m) => m.id));
    else if (frame.type === 'message' || frame.type === 'ack') ids.push(frame.id as number);
  }
  return ids;
}

describe('ChatHub over a store whose every call is delayed at random', () => {
  it('keeps each connection in order, acks after the relay, and shows every other connection each message once in id order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(commandArb, { minLength: 1, maxLength: 25 }),
        async (s, commands) => {
          const { db, hub, clients, timeline } = await run(s, commands);
          for (const client of clients) {
            const { frames } = client.socket;
            expect(client.socket.sentAfterClose).toBe(0);
            // The welcome first.
            if (frames.length > 0) expect(frames[0]?.frame.type).toBe('welcome');
            // Acks in the order the messages were sent; all of them while the socket is open.
            const acked = frames.flatMap((f) =>
              f.frame.type === 'ack' ? [f.frame.clientMsgId] : [],
            );
            if (client.closed) expect(client.sent.slice(0, acked.length)).toEqual(acked);
            else expect(acked).toEqual(client.sent);
            // Every message it learnt of once, in id order; all of them if it stayed.
            const seen = idsSeen(client);
            expect(seen).toEqual([...new Set(seen)].sort((a, b) => a - b));
            if (!client.closed) expect(seen).toEqual(db.messages.map((m) => m.id));
          }
          // An ack never before the relay of its message to a connection already welcomed.
          for (const ack of timeline.filter((t) => t.frame.type === 'ack')) {
            const id = ack.frame.type === 'ack' ? ack.frame.id : -1;
            for (const relay of timeline) {
              if (relay.frame.type !== 'message' || relay.frame.id !== id) continue;
              const welcomedAt = relay.socket.frames[0]?.at ?? Number.POSITIVE_INFINITY;
              if (welcomedAt < ack.at) expect(relay.at).toBeLessThan(ack.at);
            }
          }
          for (const client of clients) client.socket.peerClosed();
          expect(hub.activeHandles).toMatchObject({ connections: 0, online: 0 });
          await hub.closeAll();
        },
      ),
      { numRuns: 1000 },
    );
  });
});
