import { describe, expect, it, vi } from 'vitest';
import { HookRunner } from '@/lib/hooks/hook-runner';
import type { ServerFrame } from '@/lib/protocol';
import { CloseCode } from '@/lib/protocol';
import { ChatHub } from './chat-hub';
import { type FakeSocket, hub, join, store, withFreshHub } from './chat-hub.test-helpers';

withFreshHub();

async function welcomed(socket: FakeSocket): Promise<FakeSocket> {
  await vi.waitFor(() => expect(socket.types()).toContain('welcome'));
  return socket;
}

const messages = (socket: FakeSocket) =>
  socket.sent.filter((f): f is Extract<ServerFrame, { type: 'message' }> => f.type === 'message');
const welcomeOf = (socket: FakeSocket) =>
  socket.sent.find((f): f is Extract<ServerFrame, { type: 'welcome' }> => f.type === 'welcome');

describe('ChatHub rooms', () => {
  it('relays a message to its own room only, and a general welcome names no room', async () => {
    const ada = await welcomed(join('ada', hub, undefined, 'ops'));
    const bob = await welcomed(join('bob', hub, undefined, 'ops'));
    const cyd = await welcomed(join('cyd'));
    ada.receive({ type: 'message', text: 'in ops', clientMsgId: 'k1' });
    cyd.receive({ type: 'message', text: 'in general', clientMsgId: 'k2' });
    await vi.waitFor(() => expect(ada.types()).toContain('ack'));
    await vi.waitFor(() => expect(cyd.types()).toContain('ack'));
    expect(messages(bob).map((m) => m.text)).toEqual(['in ops']);
    expect(messages(ada)).toEqual([]);
    expect(messages(cyd)).toEqual([]);
    expect(welcomeOf(bob)?.room).toBe('ops');
    expect(welcomeOf(cyd)).not.toHaveProperty('room');
    expect(await store.recent('ops', 10)).toMatchObject([{ text: 'in ops' }]);
    expect(await store.recent('general', 10)).toMatchObject([{ text: 'in general' }]);
  });

  it('welcomes with the history and the online names of the socket own room', async () => {
    const ada = await welcomed(join('ada', hub, undefined, 'ops'));
    ada.receive({ type: 'message', text: 'ops 1', clientMsgId: 'k1' });
    await vi.waitFor(() => expect(ada.types()).toContain('ack'));
    await welcomed(join('cyd'));
    const late = await welcomed(join('dan', hub, undefined, 'ops'));
    const general = await welcomed(join('eve'));
    expect(welcomeOf(late)).toMatchObject({ history: [{ text: 'ops 1' }], online: ['ada', 'dan'] });
    expect(welcomeOf(general)).toMatchObject({ history: [], online: ['cyd', 'eve'] });
  });

  it('relays typing within its room only', async () => {
    const ada = await welcomed(join('ada', hub, undefined, 'ops'));
    const bob = await welcomed(join('bob', hub, undefined, 'ops'));
    const cyd = await welcomed(join('cyd'));
    ada.receive({ type: 'typing' });
    // One broadcast reaches every socket it is for: once bob has it, cyd would have too.
    await vi.waitFor(() => expect(bob.types()).toContain('typing'));
    expect(cyd.types()).not.toContain('typing');
  });

  it('refuses an edit of a message of another room as not_found', async () => {
    const ada = await welcomed(join('ada', hub, undefined, 'ops'));
    ada.receive({ type: 'message', text: 'mine', clientMsgId: 'k1' });
    await vi.waitFor(() => expect(ada.types()).toContain('ack'));
    const elsewhere = await welcomed(join('ada'));
    elsewhere.receive({ type: 'edit', id: 1, text: 'changed' });
    await vi.waitFor(() => expect(elsewhere.types()).toContain('error'));
    expect(elsewhere.sent.at(-1)).toMatchObject({ code: 'not_found' });
    expect(await store.recent('ops', 1)).toMatchObject([{ text: 'mine' }]);
  });

  it("drops a room's presence when its last socket closes, and starts it anew on a join", async () => {
    const ada = await welcomed(join('ada', hub, undefined, 'ops'));
    const cyd = await welcomed(join('cyd'));
    expect(hub.activeHandles.presenceRooms).toBe(2);
    ada.closed();
    await vi.waitFor(() => expect(hub.activeHandles.presenceRooms).toBe(1));
    const bob = await welcomed(join('bob', hub, undefined, 'ops'));
    expect(welcomeOf(bob)?.online).toEqual(['bob']);
    expect(hub.activeHandles).toMatchObject({ presenceRooms: 2, online: 2 });
    cyd.closed();
    bob.closed();
    await vi.waitFor(() =>
      expect(hub.activeHandles).toMatchObject({ presenceRooms: 0, online: 0 }),
    );
  });

  it('closes the sockets of a room with 4410, and no other', async () => {
    const ada = await welcomed(join('ada', hub, undefined, 'ops'));
    const cyd = await welcomed(join('cyd'));
    expect(hub.closeRoom('ops')).toBe(1);
    expect(ada.closedWith).toBe(CloseCode.RoomGone);
    expect(cyd.closedWith).toBeUndefined();
  });
});

describe('ChatHub.postSystem', () => {
  it('stores and relays a system message to every socket of its room, with system: true', async () => {
    const ada = await welcomed(join('ada', hub, undefined, 'ops'));
    const cyd = await welcomed(join('cyd'));
    const message = await hub.postSystem('ops', 'disk full');
    expect(message).toMatchObject({ name: 'Pulseboard', text: 'disk full', system: true });
    await vi.waitFor(() => expect(messages(ada)).toHaveLength(1));
    expect(messages(ada)[0]).toEqual({ type: 'message', ...message });
    expect(messages(cyd)).toEqual([]);
    expect(await store.recent('ops', 1)).toEqual([message]);
    const late = await welcomed(join('dan', hub, undefined, 'ops'));
    expect(welcomeOf(late)?.history).toEqual([message]);
  });

  it('lets nobody edit or delete a system message', async () => {
    const ada = await welcomed(join('Pulseboard-fan'));
    const { id } = await hub.postSystem('general', 'hello');
    ada.receive({ type: 'edit', id, text: 'mine now' });
    ada.receive({ type: 'delete', id });
    await vi.waitFor(() => expect(ada.types().filter((t) => t === 'error')).toHaveLength(2));
    expect(ada.sent.filter((f) => f.type === 'error')).toMatchObject([
      { code: 'forbidden' },
      { code: 'forbidden' },
    ]);
  });

  it.each([
    ['Ops', 'x'],
    ['general', '  '],
  ])('throws TypeError for room %j and text %j', (room, text) => {
    expect(() => hub.postSystem(room, text)).toThrow(TypeError);
  });

  it("answers a hook's ctx.postSystem in the connection's room, after the message it screens", async () => {
    const hooked = new ChatHub(store, {
      hooks: new HookRunner([
        {
          name: 'echo-room',
          onMessage: (ctx, { text }) => {
            if (text === '/where') void ctx.postSystem(`this is #${ctx.room}`);
            return undefined;
          },
        },
      ]),
    });
    const ada = await welcomed(join('ada', hooked, undefined, 'ops'));
    const bob = await welcomed(join('bob', hooked, undefined, 'ops'));
    ada.receive({ type: 'message', text: '/where', clientMsgId: 'k1' });
    await vi.waitFor(() => expect(messages(bob)).toHaveLength(2));
    expect(messages(bob).map((m) => [m.name, m.text, m.system])).toEqual([
      ['ada', '/where', undefined],
      ['Pulseboard', 'this is #ops', true],
    ]);
    await hooked.closeAll();
  });
});
