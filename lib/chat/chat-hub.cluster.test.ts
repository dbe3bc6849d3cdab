import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemoryClusterStore } from '@/lib/testing/memory-cluster-store';
import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { ChatHub } from './chat-hub';
import { join } from './chat-hub.test-helpers';

/** Presence frames are at most one a second: a wait that covers two of them, in ms. */
const PRESENCE_WAIT_MS = 5_000;

/** Two instances sharing one database (the memory double in cluster mode, as PostgreSQL). */
let database: MemoryDatabase;
let a: ChatHub;
let b: ChatHub;
let clusterOfB: MemoryClusterStore;
beforeEach(() => {
  database = new MemoryDatabase();
  const storesA = openMemoryStores(database, { cluster: true });
  const storesB = openMemoryStores(database, { cluster: true });
  clusterOfB = storesB.cluster as MemoryClusterStore;
  a = new ChatHub(storesA.chat, { heartbeatIntervalMs: 60_000, cluster: storesA.cluster });
  b = new ChatHub(storesB.chat, { heartbeatIntervalMs: 60_000, cluster: storesB.cluster });
});
afterEach(async () => {
  await Promise.all([a.closeAll(), b.closeAll()]);
});

async function welcomed(socket: ReturnType<typeof join>) {
  await vi.waitFor(() => expect(socket.types()).toContain('welcome'));
  return socket;
}

/** The names in `socket`'s welcome, sorted. */
function onlineInWelcome(socket: ReturnType<typeof join>): string[] {
  const welcome = socket.sent.find((f) => f.type === 'welcome') as { online: string[] };
  return [...welcome.online].sort();
}

describe('ChatHub on a shared database', () => {
  it('relays a message sent on A to a socket on B, once, and acks it on A after the tail passed it', async () => {
    const ada = await welcomed(join('ada', a));
    const bob = await welcomed(join('bob', b));
    const cyd = await welcomed(join('cyd', a));
    ada.receive({ type: 'message', text: 'hi', clientMsgId: 'k1' });
    await vi.waitFor(() => expect(ada.types()).toContain('ack'));
    await vi.waitFor(() => expect(bob.types()).toContain('message'));
    const ack = ada.sent.find((f) => f.type === 'ack');
    expect(ack).toMatchObject({ clientMsgId: 'k1', id: 1 });
    expect(bob.sent.filter((f) => f.type === 'message')).toMatchObject([{ id: 1, text: 'hi' }]);
    expect(cyd.sent.filter((f) => f.type === 'message')).toMatchObject([{ id: 1 }]);
    // Never relayed back to its sender.
    expect(ada.types()).not.toContain('message');
  });

  it('acks only after relaying a smaller id committed on another instance', async () => {
    const ada = await welcomed(join('ada', a));
    const bob = await welcomed(join('bob', b));
    // B stores message 1 but A has not read it when ada's message 2 is stored.
    bob.receive({ type: 'message', text: 'first' });
    ada.receive({ type: 'message', text: 'second', clientMsgId: 'k2' });
    await vi.waitFor(() => expect(ada.types()).toContain('ack'));
    const frames = ada.sent.filter((f) => f.type === 'message' || f.type === 'ack');
    const ackAt = frames.findIndex((f) => f.type === 'ack');
    const ack = frames[ackAt] as { id: number };
    const smaller = frames.filter((f) => f.type === 'message' && (f as { id: number }).id < ack.id);
    expect(frames.slice(0, ackAt)).toEqual(smaller);
    expect(smaller.length).toBe(ack.id - 1);
  });

  it('stores one row for one clientMsgId sent on A and B at once, acks both with its id, relays it once', async () => {
    const adaA = await welcomed(join('ada', a));
    const adaB = await welcomed(join('ada', b));
    const bob = await welcomed(join('bob', b));
    adaA.receive({ type: 'message', text: 'once', clientMsgId: 'same' });
    adaB.receive({ type: 'message', text: 'once', clientMsgId: 'same' });
    await vi.waitFor(() => {
      expect(adaA.types()).toContain('ack');
      expect(adaB.types()).toContain('ack');
    });
    await vi.waitFor(() => expect(bob.types()).toContain('message'));
    expect(database.messages).toHaveLength(1);
    const ids = [adaA, adaB].map(
      (s) => (s.sent.find((f) => f.type === 'ack') as { id: number }).id,
    );
    expect(ids).toEqual([1, 1]);
    expect(bob.sent.filter((f) => f.type === 'message')).toHaveLength(1);
  });

  it('relays typing to the sockets of the other instance', async () => {
    const ada = await welcomed(join('ada', a));
    const bob = await welcomed(join('bob', b));
    ada.receive({ type: 'typing' });
    await vi.waitFor(() => expect(bob.sent).toContainEqual({ type: 'typing', name: 'ada' }));
    expect(ada.types()).not.toContain('typing');
  });

  it('shows a join on A at B, and keeps a name online on both when it leaves one', async () => {
    const bob = await welcomed(join('bob', b));
    const presence = () => bob.sent.filter((f) => f.type === 'presence');
    const adaA = await welcomed(join('ada', a));
    await vi.waitFor(() => expect(presence().at(-1)).toMatchObject({ joined: ['ada'] }), {
      timeout: PRESENCE_WAIT_MS,
    });
    await welcomed(join('ada', b));
    adaA.closed();
    // A later change proves the leave on A was published and read: ada never left B's view.
    await welcomed(join('carl', a));
    await vi.waitFor(
      () => expect(presence().at(-1)).toMatchObject({ joined: ['carl'], onlineCount: 3 }),
      { timeout: PRESENCE_WAIT_MS },
    );
    expect(presence().flatMap((f) => (f as { left: string[] }).left)).toEqual([]);
  });

  it("welcomes with the other instances' names read at the join, not as last hinted", async () => {
    // C hears no hint at all (as an instance whose LISTEN connection is lost): only its own
    // reads can tell it who is online elsewhere.
    const storesC = openMemoryStores(database, { cluster: true });
    const cluster = storesC.cluster as MemoryClusterStore;
    const deaf = new Proxy(cluster, {
      get: (target, key) => {
        if (key === 'subscribe') return () => () => {};
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const c = new ChatHub(storesC.chat, { heartbeatIntervalMs: 60_000, cluster: deaf });
    try {
      await welcomed(join('cyd', c));
      const ada = await welcomed(join('ada', a));
      // ada's welcome came after her name was written: a join on C from now on lists her.
      expect(onlineInWelcome(ada)).toEqual(['ada', 'cyd']);
      const dan = await welcomed(join('dan', c));
      expect(onlineInWelcome(dan)).toEqual(['ada', 'cyd', 'dan']);
    } finally {
      await c.closeAll();
    }
  });

  it('drops the names of an instance that died', async () => {
    await welcomed(join('ada', b));
    await welcomed(join('bob', b));
    const dora = await welcomed(join('dora', a));
    const presence = () => dora.sent.filter((f) => f.type === 'presence');
    const onlineCount = () =>
      (
        dora.sent.filter((f) => f.type === 'welcome' || f.type === 'presence').at(-1) as {
          onlineCount: number;
        }
      ).onlineCount;
    await vi.waitFor(() => expect(onlineCount()).toBe(3), { timeout: PRESENCE_WAIT_MS });
    clusterOfB.kill();
    await vi.waitFor(
      () => expect(presence().at(-1)).toMatchObject({ left: ['ada', 'bob'], onlineCount: 1 }),
      { timeout: PRESENCE_WAIT_MS },
    );
  });
});
