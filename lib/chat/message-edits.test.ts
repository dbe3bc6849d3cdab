import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { HookRunner } from '@/lib/hooks/hook-runner';
import { ChatHub } from './chat-hub';
import { FakeSocket, hub, store, withFreshHub } from './chat-hub.test-helpers';
import type { ChatJoin } from './chat-join';

withFreshHub();

function open(join: ChatJoin, target: ChatHub = hub): FakeSocket {
  const socket = new FakeSocket();
  target.onOpen(socket as unknown as WebSocket, join);
  return socket;
}

async function sent(socket: FakeSocket, type: string) {
  await vi.waitFor(() => expect(socket.types()).toContain(type));
  return socket.sent.filter((f) => f.type === type);
}

describe('ChatHub edits and deletes', () => {
  it('relays an edit by the author to everyone, the author included, and stores it', async () => {
    const ada = open({ name: 'ada', sender: 'key:ada' });
    const bob = open({ name: 'bob', sender: 'key:bob' });
    ada.receive({ type: 'message', text: 'helo', clientMsgId: 'c1' });
    const [ack] = await sent(ada, 'ack');
    const id = (ack as { id: number }).id;
    ada.receive({ type: 'edit', id, text: ' hello ' });
    const [edited] = await sent(bob, 'message_edited');
    expect(edited).toEqual({
      type: 'message_edited',
      id,
      text: 'hello',
      editedAt: expect.any(Number),
    });
    expect(await sent(ada, 'message_edited')).toEqual([edited]);
    expect(await store.recent('general', 1)).toEqual([
      expect.objectContaining({
        id,
        text: 'hello',
        editedAt: (edited as { editedAt: number }).editedAt,
      }),
    ]);
  });

  it('relays a delete by the author and leaves the message out of later welcomes', async () => {
    const ada = open({ name: 'ada', sender: 'key:ada' });
    const bob = open({ name: 'bob', sender: 'key:bob' });
    ada.receive({ type: 'message', text: 'oops' });
    const id = ((await sent(ada, 'ack'))[0] as { id: number }).id;
    ada.receive({ type: 'delete', id });
    expect(await sent(bob, 'message_deleted')).toEqual([{ type: 'message_deleted', id }]);
    const later = open({ name: 'cy', sender: 'key:cy' });
    const [welcome] = await sent(later, 'welcome');
    expect(welcome).toMatchObject({ history: [] });
  });

  it('refuses another identity with forbidden (same name, other sender) and relays nothing', async () => {
    const ada = open({ name: 'ada', sender: 'key:ada' });
    const other = open({ name: 'ada', sender: 'name:ada' });
    ada.receive({ type: 'message', text: 'mine' });
    const id = ((await sent(ada, 'ack'))[0] as { id: number }).id;
    other.receive({ type: 'edit', id, text: 'hijacked' });
    other.receive({ type: 'delete', id });
    const errors = await vi.waitFor(() => {
      const found = other.sent.filter((f) => f.type === 'error');
      expect(found).toHaveLength(2);
      return found;
    });
    expect(errors.map((e) => (e as { code: string }).code)).toEqual(['forbidden', 'forbidden']);
    other.receive({ type: 'edit', id: id + 5, text: 'x' });
    await vi.waitFor(() => expect(other.sent.filter((f) => f.type === 'error')).toHaveLength(3));
    expect(other.sent.at(-1)).toMatchObject({ code: 'not_found' });
    expect(ada.types()).not.toContain('message_edited');
    expect((await store.recent('general', 1))[0]?.text).toBe('mine');
  });

  it('lets a reader watch but not write', async () => {
    const reader = open({ name: '', reader: true });
    const [welcome] = await sent(reader, 'welcome');
    expect(welcome).toMatchObject({ online: [], onlineCount: 0 });
    reader.receive({ type: 'message', text: 'hi' });
    const [error] = await sent(reader, 'error');
    expect(error).toMatchObject({ code: 'forbidden' });
    expect(await store.recent('general', 1)).toEqual([]);
  });

  it('passes an edit through the onMessage hooks like a message', async () => {
    const hooked = new ChatHub(store, {
      heartbeatIntervalMs: 60_000,
      hooks: new HookRunner([
        {
          name: 'no-secrets',
          onMessage: (_ctx, { text }) =>
            text.includes('secret') ? { reject: 'no secrets' } : { text: text.toUpperCase() },
        },
      ]),
    });
    const ada = open({ name: 'ada', sender: 'key:ada' }, hooked);
    ada.receive({ type: 'message', text: 'hi' });
    const id = ((await sent(ada, 'ack'))[0] as { id: number }).id;
    ada.receive({ type: 'edit', id, text: 'the secret' });
    expect((await sent(ada, 'error'))[0]).toMatchObject({ code: 'message_rejected' });
    ada.receive({ type: 'edit', id, text: 'hello' });
    expect((await sent(ada, 'message_edited'))[0]).toMatchObject({ id, text: 'HELLO' });
    await hooked.closeAll();
  });
});
