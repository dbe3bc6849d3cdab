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

/** The parts of a ws socket the hub uses; keeps every frame it was sent. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: ServerFrame[] = [];
  send(data: string | Buffer): void {
    this.frames.push(JSON.parse(data.toString()) as ServerFrame);
  }
  close(): void {
    this.readyState = 2;
  }
  ping(): void {}
  pong(): void {}
  terminate(): void {
    this.readyState = 3;
  }
  peerClosed(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close', 1000);
  }
}

/**
 * Four seats: seats 0 and 2 on instance A, 1 and 3 on B; seats 0 and 1 share the name `n0`,
 * 2 and 3 the name `n1` (one sender on two instances). `both` sends one clientMsgId from the
 * two seats of a name at once.
 */
type Command = { kind: 'open' | 'send' | 'close'; who: number } | { kind: 'both'; pair: number };

const who = fc.nat({ max: 3 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('open' as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('send' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('both' as const), pair: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), who }) },
);

type Client = { socket: FakeSocket; sent: string[]; closed: boolean };

afterEach(() => {
  vi.useRealTimers();
});

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
  const hubs = [0, 1].map(() => {
    const stores = openMemoryStores(db, { cluster: true });
    const chat = scheduledStore<ChatStore>(stores.chat, fastCheckCalls(s));
    return new ChatHub(chat, { heartbeatIntervalMs: 1_000_000_000, cluster: stores.cluster });
  }) as [ChatHub, ChatHub];
  const clients: Client[] = [];
  const seats = new Map<number, Client>();
  let n = 0;
  const send = (client: Client | undefined, clientMsgId: string) => {
    if (!client || client.closed) return;
    client.sent.push(clientMsgId);
    const frame = { type: 'message', text: clientMsgId, clientMsgId };
    client.socket.emit('message', Buffer.from(JSON.stringify(frame)), false);
  };
  for (const command of commands) {
    void s.schedule(Promise.resolve(), command.kind).then(() => {
      if (command.kind === 'both') {
        const key = `k${++n}`;
        send(seats.get(command.pair * 2), key);
        send(seats.get(command.pair * 2 + 1), key);
        return;
      }
      const client = seats.get(command.who);
      if (command.kind === 'open') {
        if (client && !client.closed) return;
        const socket = new FakeSocket();
        const opened: Client = { socket, sent: [], closed: false };
        clients.push(opened);
        seats.set(command.who, opened);
        const hub = hubs[command.who % 2] as ChatHub;
        hub.onOpen(socket as unknown as WebSocket, { name: `n${command.who >> 1}` });
      } else if (command.kind === 'send') {
        send(client, `m${++n}`);
      } else if (client && !client.closed) {
        client.closed = true;
        client.socket.peerClosed();
      }
    });
  }
  await settle(s);
  return { db, hubs, clients };
}

describe('ChatHub on two instances sharing a store whose every call is delayed at random', () => {
  it('relays every message once in id order, acks only past every smaller id, stores a shared clientMsgId once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(commandArb, { minLength: 1, maxLength: 25 }),
        async (s, commands) => {
          const { db, hubs, clients } = await run(s, commands);
          const keys = db.messages.map((m) => m.clientMsgId);
          expect(new Set(keys).size).toBe(keys.length);
          for (const client of clients) {
            const { frames } = client.socket;
            if (frames.length > 0) expect(frames[0]?.type).toBe('welcome');
            const acks = frames.flatMap((f) => (f.type === 'ack' ? [f] : []));
            const ackedKeys = acks.map((a) => a.clientMsgId);
            if (client.closed) expect(client.sent.slice(0, ackedKeys.length)).toEqual(ackedKeys);
            else expect(ackedKeys).toEqual(client.sent);
            // Each ack names the stored row of its key.
            for (const ack of acks) {
              expect(db.messages.find((m) => m.clientMsgId === ack.clientMsgId)?.id).toBe(ack.id);
            }
            // Messages (history and relays) strictly in id order; none smaller after an ack.
            const seen: number[] = [];
            let ackedUpTo = 0;
            for (const frame of frames) {
              const ids =
                frame.type === 'welcome'
                  ? frame.history.map((m) => m.id)
                  : frame.type === 'message'
                    ? [frame.id]
                    : [];
              for (const id of ids) {
                expect(id).toBeGreaterThan(Math.max(seen.at(-1) ?? 0, ackedUpTo - 1));
                seen.push(id);
              }
              if (frame.type === 'ack') ackedUpTo = Math.max(ackedUpTo, frame.id + 1);
            }
            if (!client.closed) {
              const known = new Set([...seen, ...acks.map((a) => a.id)]);
              expect([...known].sort((a, b) => a - b)).toEqual(db.messages.map((m) => m.id));
            }
          }
          for (const client of clients) client.socket.peerClosed();
          await Promise.all(hubs.map((hub) => hub.closeAll()));
        },
      ),
      { numRuns: 300 },
    );
  });
});
