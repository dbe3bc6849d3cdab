import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode, type ServerFrame } from '@/lib/protocol';
import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { ChatHub } from './chat-hub';
import { type FakeSocket, join } from './chat-hub.test-helpers';

/** Presence frames are at most one a second: a wait that covers two of them, in ms. */
const PRESENCE_WAIT_MS = 5_000;

/** Two instances sharing one database (the memory double in cluster mode, as PostgreSQL). */
let a: ChatHub;
let b: ChatHub;
beforeEach(() => {
  const database = new MemoryDatabase();
  const storesA = openMemoryStores(database, { cluster: true });
  const storesB = openMemoryStores(database, { cluster: true });
  a = new ChatHub(storesA.chat, { heartbeatIntervalMs: 60_000, cluster: storesA.cluster });
  b = new ChatHub(storesB.chat, { heartbeatIntervalMs: 60_000, cluster: storesB.cluster });
});
afterEach(async () => {
  await Promise.all([a.closeAll(), b.closeAll()]);
});

async function welcomed(socket: FakeSocket): Promise<FakeSocket> {
  await vi.waitFor(() => expect(socket.types()).toContain('welcome'));
  return socket;
}
const framesOf = (socket: FakeSocket, type: ServerFrame['type']) =>
  socket.sent.filter((f) => f.type === type);

describe('ChatHub rooms on a shared database', () => {
  it("relays a message of room ops on A to ops on B, never to B's general", async () => {
    const ada = await welcomed(join('ada', a, undefined, 'ops'));
    const bob = await welcomed(join('bob', b, undefined, 'ops'));
    const cyd = await welcomed(join('cyd', b));
    ada.receive({ type: 'message', text: 'ops only', clientMsgId: 'k1' });
    await vi.waitFor(() => expect(framesOf(bob, 'message')).toHaveLength(1));
    // A general message after it: once cyd has that, it would have had the first too.
    await a.postSystem('general', 'general news');
    await vi.waitFor(() => expect(framesOf(cyd, 'message')).toHaveLength(1));
    expect(framesOf(cyd, 'message')).toMatchObject([{ text: 'general news', system: true }]);
    expect(framesOf(bob, 'message')).toMatchObject([{ text: 'ops only' }]);
    expect(framesOf(bob, 'message')[0]).not.toHaveProperty('room');
  });

  it("closes room ops on every instance when A closes it, and no other room's sockets", async () => {
    const bob = await welcomed(join('bob', b, undefined, 'ops'));
    const cyd = await welcomed(join('cyd', b));
    const ann = await welcomed(join('ann', a, undefined, 'ops'));
    expect(a.closeRoom('ops')).toBe(1);
    expect(ann.closedWith).toBe(CloseCode.RoomGone);
    await vi.waitFor(() => expect(bob.closedWith).toBe(CloseCode.RoomGone));
    expect(cyd.closedWith).toBeUndefined();
  });

  it("drops a room's presence here once its last name is published offline, and reads the others anew", async () => {
    await welcomed(join('gus', a, undefined, 'ops'));
    const hal = await welcomed(join('hal', b, undefined, 'ops'));
    expect(b.activeHandles.presenceRooms).toBe(1);
    hal.closed();
    await vi.waitFor(() => expect(b.activeHandles.presenceRooms).toBe(0));
    const ivy = await welcomed(join('ivy', b, undefined, 'ops'));
    // The other instance's names are read when the room's presence starts again.
    await vi.waitFor(
      () => {
        const online = (ivy.sent[0] as Extract<ServerFrame, { type: 'welcome' }>).online;
        const joined = ivy.sent.flatMap((f) => (f.type === 'presence' ? f.joined : []));
        expect([...online, ...joined]).toContain('gus');
      },
      { timeout: PRESENCE_WAIT_MS },
    );
  });

  it('relays an edit and a delete made on A to the same room on B, once, and to no other room', async () => {
    const ada = await welcomed(join('ada', a, undefined, 'ops'));
    const bob = await welcomed(join('bob', b, undefined, 'ops'));
    const cyd = await welcomed(join('cyd', b));
    const ann = await welcomed(join('ann', a, undefined, 'ops'));
    ada.receive({ type: 'message', text: 'helo', clientMsgId: 'k1' });
    await vi.waitFor(() => expect(framesOf(bob, 'message')).toHaveLength(1));
    const id = (framesOf(bob, 'message')[0] as { id: number }).id;
    ada.receive({ type: 'edit', id, text: 'hello' });
    await vi.waitFor(() =>
      expect(framesOf(bob, 'message_edited')).toEqual([
        { type: 'message_edited', id, text: 'hello', editedAt: expect.any(Number) },
      ]),
    );
    ada.receive({ type: 'delete', id });
    await vi.waitFor(() =>
      expect(framesOf(bob, 'message_deleted')).toEqual([{ type: 'message_deleted', id }]),
    );
    // A general message after both: once cyd has it, it would have had the changes too.
    await a.postSystem('general', 'general news');
    await vi.waitFor(() => expect(framesOf(cyd, 'message')).toHaveLength(1));
    expect([...framesOf(cyd, 'message_edited'), ...framesOf(cyd, 'message_deleted')]).toEqual([]);
    // A's own sockets got each change once (from A itself, not again from the hint).
    await b.postSystem('ops', 'after');
    await vi.waitFor(() => expect(framesOf(ann, 'message')).toHaveLength(2));
    expect(framesOf(ann, 'message_edited')).toHaveLength(1);
    expect(framesOf(ann, 'message_deleted')).toHaveLength(1);
  });

  it('relays typing to the same room on the other instance only', async () => {
    const ada = await welcomed(join('ada', a, undefined, 'ops'));
    const bob = await welcomed(join('bob', b, undefined, 'ops'));
    const cyd = await welcomed(join('cyd', b));
    const dan = await welcomed(join('dan', a));
    ada.receive({ type: 'typing' });
    await vi.waitFor(() =>
      expect(framesOf(bob, 'typing')).toEqual([{ type: 'typing', name: 'ada' }]),
    );
    dan.receive({ type: 'typing' });
    await vi.waitFor(() =>
      expect(framesOf(cyd, 'typing')).toEqual([{ type: 'typing', name: 'dan' }]),
    );
  });

  it('counts a name online in the rooms it is in, on every instance', async () => {
    const bob = await welcomed(join('bob', b, undefined, 'ops'));
    const cyd = await welcomed(join('cyd', b));
    await welcomed(join('ada', a, undefined, 'ops'));
    await vi.waitFor(
      () =>
        expect(framesOf(bob, 'presence')).toContainEqual(
          expect.objectContaining({ joined: ['ada'] }),
        ),
      { timeout: PRESENCE_WAIT_MS },
    );
    expect(framesOf(cyd, 'presence')).toEqual([]);
    // ada joins general on A too: cyd sees her; bob's ops list keeps her.
    await welcomed(join('ada', a));
    await vi.waitFor(
      () =>
        expect(framesOf(cyd, 'presence')).toContainEqual(
          expect.objectContaining({ joined: ['ada'] }),
        ),
      { timeout: PRESENCE_WAIT_MS },
    );
    const late = await welcomed(join('eve', b, undefined, 'ops'));
    const welcome = late.sent[0] as Extract<ServerFrame, { type: 'welcome' }>;
    expect([...welcome.online].sort()).toEqual(['ada', 'bob', 'eve']);
  });
});
