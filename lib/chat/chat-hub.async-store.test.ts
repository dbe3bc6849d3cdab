import { describe, expect, it, vi } from 'vitest';
import { HookRunner } from '@/lib/hooks/hook-runner';
import type { ServerFrame } from '@/lib/protocol';
import type { ChatStore } from '@/lib/store/chat-store';
import { scheduledStore } from '@/lib/testing/scheduled-stores';
import { CHAT_PENDING_PONGS_MAX, ChatHub } from './chat-hub';
import { join, store, withFreshHub } from './chat-hub.test-helpers';

withFreshHub();

/** A chat store whose reads and writes wait until the test releases them, one by one. */
function gatedStore(inner: ChatStore) {
  const waiting: { label: string; release: () => void }[] = [];
  const gated = scheduledStore<ChatStore>(inner, async (label, run) => {
    await new Promise<void>((release) => waiting.push({ label, release }));
    return run();
  });
  return {
    store: gated,
    pending: () => waiting.map((w) => w.label),
    async releaseNext(prefix: string) {
      await vi.waitFor(() => expect(waiting.some((w) => w.label.startsWith(prefix))).toBe(true));
      const index = waiting.findIndex((w) => w.label.startsWith(prefix));
      waiting.splice(index, 1)[0]?.release();
    },
  };
}

describe('ChatHub over an async store', () => {
  it('sends the welcome first: what is relayed while its history is read comes after it, once', async () => {
    const gate = gatedStore(store);
    const slow = new ChatHub(gate.store);
    const ada = join('ada', slow);
    await gate.releaseNext('recent'); // ada's welcome
    await vi.waitFor(() => expect(ada.types()).toEqual(['welcome']));
    const bob = join('bob', slow); // bob's history read waits
    ada.receive({ type: 'message', text: 'one', clientMsgId: 'a1' });
    await gate.releaseNext('append'); // stored before bob's history is read: in his history
    await vi.waitFor(() => expect(ada.types()).toContain('ack'));
    ada.receive({ type: 'message', text: 'two', clientMsgId: 'a2' });
    await gate.releaseNext('recent'); // bob's history: "one"
    await gate.releaseNext('append'); // "two", stored after bob's history was read
    await vi.waitFor(() => expect(ada.types().filter((t) => t === 'ack')).toHaveLength(2));
    await vi.waitFor(() => expect(bob.types()).toContain('welcome'));
    const welcome = bob.sent[0] as Extract<ServerFrame, { type: 'welcome' }>;
    expect(welcome.type).toBe('welcome');
    expect(welcome.history.map((m) => m.text)).toEqual(['one']);
    const relayed = bob.sent.filter((f) => f.type === 'message').map((f) => f.text);
    expect(relayed).toEqual(['two']);
    await slow.closeAll();
  });

  it('handles the frames of one connection in order: the ack of a message before the error of the next frame', async () => {
    const gate = gatedStore(store);
    const slow = new ChatHub(gate.store);
    const ada = join('ada', slow);
    await gate.releaseNext('recent');
    ada.receive({ type: 'message', text: 'first', clientMsgId: 'm1' });
    ada.receive({ type: 'nonsense' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(ada.types()).toEqual(['welcome']); // the error waits for the store
    await gate.releaseNext('append');
    await vi.waitFor(() => expect(ada.types()).toEqual(['welcome', 'ack', 'error']));
    await slow.closeAll();
  });

  it('does not relay a message again to a connection whose welcome history already has it', async () => {
    // The append commits at once but answers only when the test says so.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const slow = new ChatHub(
      scheduledStore<ChatStore>(store, async (label, run) => {
        const result = await run();
        if (label.startsWith('append')) await answered;
        return result;
      }),
    );
    const ada = join('ada', slow);
    await vi.waitFor(() => expect(ada.types()).toEqual(['welcome']));
    ada.receive({ type: 'message', text: 'one', clientMsgId: 'a1' });
    await vi.waitFor(async () => expect(await store.recent('general', 10)).toHaveLength(1));
    const bob = join('bob', slow); // his history holds "one", committed but not yet relayed
    await vi.waitFor(() => expect(bob.types()).toEqual(['welcome']));
    answer();
    await vi.waitFor(() => expect(ada.types()).toContain('ack'));
    expect(bob.sent).toHaveLength(1);
    expect((bob.sent[0] as Extract<ServerFrame, { type: 'welcome' }>).history).toHaveLength(1);
    await slow.closeAll();
  });

  it("answers a client's ping after the frames read before it, and only then", async () => {
    const gate = gatedStore(store);
    const slow = new ChatHub(gate.store);
    const ada = join('ada', slow);
    await gate.releaseNext('recent');
    ada.receive({ type: 'message', text: 'first', clientMsgId: 'm1' });
    ada.emit('ping', Buffer.from('p1'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ada.pongs).toEqual([]);
    await gate.releaseNext('append');
    await vi.waitFor(() => expect(ada.pongs).toEqual(['p1']));
    expect(ada.types()).toEqual(['welcome', 'ack']);
    await slow.closeAll();
  });

  it('terminates a client with CHAT_PENDING_PONGS_MAX pings waiting', async () => {
    const gate = gatedStore(store);
    const slow = new ChatHub(gate.store);
    const ada = join('ada', slow); // its welcome read waits: so do its pings
    for (let i = 0; i < CHAT_PENDING_PONGS_MAX; i++) ada.emit('ping', Buffer.from(`p${i}`));
    expect(ada.readyState).toBe(1);
    ada.emit('ping', Buffer.from('one too many'));
    expect(ada.readyState).toBe(3);
    await slow.closeAll();
  });

  it('cleans up a socket that closes while its welcome is read: no frame, no presence, no hooks', async () => {
    const gate = gatedStore(store);
    const onOpen = vi.fn();
    const onClose = vi.fn();
    const slow = new ChatHub(gate.store, {
      hooks: new HookRunner([{ name: 'spy', onOpen, onClose }]),
    });
    const ada = join('ada', slow);
    ada.closed(1001);
    await gate.releaseNext('recent');
    await new Promise((resolve) => setImmediate(resolve));
    expect(ada.sent).toEqual([]);
    expect(slow.activeHandles).toMatchObject({ connections: 0, online: 0 });
    expect(onOpen).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
    await slow.closeAll();
  });

  it('stores and relays a message whose sender left during the write, without acking it', async () => {
    const gate = gatedStore(store);
    const slow = new ChatHub(gate.store);
    const ada = join('ada', slow);
    const bob = join('bob', slow);
    await gate.releaseNext('recent');
    await gate.releaseNext('recent');
    await vi.waitFor(() => expect(bob.types()).toContain('welcome'));
    ada.receive({ type: 'message', text: 'bye', clientMsgId: 'm1' });
    await vi.waitFor(() => expect(gate.pending()).toContainEqual(expect.stringMatching(/^append/)));
    ada.closed();
    await gate.releaseNext('append');
    await vi.waitFor(() => expect(bob.types()).toContain('message'));
    expect(ada.types()).not.toContain('ack');
    expect(slow.connectionCount).toBe(1);
    await slow.closeAll();
  });
});
