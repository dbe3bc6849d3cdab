import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { HookRunner } from '@/lib/hooks/hook-runner';
import { ChatErrorCode, CloseCode, type ServerFrame } from '@/lib/protocol';
import type { ChatStore } from '@/lib/store/chat-store';
import { SqliteChatStore } from '@/lib/store/sqlite/sqlite-chat-store';
import { scheduledStore } from '@/lib/testing/scheduled-stores';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { ChatConnection } from './chat-connection';
import { CHAT_PENDING_PONGS_MAX, CHAT_SHUTDOWN_SETTLE_MAX_MS, ChatHub } from './chat-hub';

/** The parts of a ws socket the hub uses: `close()` moves it to CLOSING, as ws does. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: ServerFrame[] = [];
  closedWith: number | undefined;
  send(data: string | Buffer): void {
    this.sent.push(JSON.parse(data.toString()) as ServerFrame);
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 2;
  }
  ping(): void {}
  readonly pongs: string[] = [];
  pong(data: Buffer): void {
    this.pongs.push(data.toString());
  }
  terminate(): void {
    this.readyState = 3;
  }
  receive(frame: unknown): void {
    this.emit('message', Buffer.from(JSON.stringify(frame)), false);
  }
  /** The peer finished the close: ws emits `close`. */
  closed(code = 1000): void {
    this.readyState = 3;
    this.emit('close', code);
  }
  types(): string[] {
    return this.sent.map((f) => f.type);
  }
}

let temp: ReturnType<typeof openTempDatabase>;
let store: SqliteChatStore;
let hub: ChatHub;

beforeEach(() => {
  temp = openTempDatabase();
  store = new SqliteChatStore(temp.db);
  hub = new ChatHub(store, { heartbeatIntervalMs: 60_000 });
});
afterEach(async () => {
  vi.useRealTimers();
  await hub.closeAll();
  temp.dispose();
});

function join(name: string, target = hub, since?: number): FakeSocket {
  const socket = new FakeSocket();
  target.onOpen(socket as unknown as WebSocket, {
    name,
    ...(since === undefined ? {} : { since }),
  });
  return socket;
}

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

describe('ChatHub on shutdown', () => {
  it('stores and acks a message read before closeAll, then closes with 1001', async () => {
    const socket = join('ada');
    socket.receive({ type: 'message', text: 'before', clientMsgId: 'm1' });
    await hub.closeAll();
    const ack = socket.sent.find((f) => f.type === 'ack');
    expect(ack).toMatchObject({ type: 'ack', clientMsgId: 'm1' });
    expect((await store.recent(10)).map((m) => m.clientMsgId)).toEqual(['m1']);
    expect(socket.closedWith).toBe(CloseCode.GoingAway);
  });

  it('neither stores nor acks a message read after the close began', async () => {
    const socket = join('ada');
    const closing = hub.closeAll();
    socket.receive({ type: 'message', text: 'too late', clientMsgId: 'm2' });
    await closing;
    expect(socket.sent.filter((f) => f.type === 'ack' || f.type === 'error')).toEqual([]);
    expect(await store.recent(10)).toEqual([]);
  });

  it('closes the sockets after CHAT_SHUTDOWN_SETTLE_MAX_MS when a store call never answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stuck = new ChatHub(
      scheduledStore<ChatStore>(store, (label, run) =>
        label.startsWith('append') ? new Promise(() => {}) : run(),
      ),
    );
    const socket = join('ada', stuck);
    socket.receive({ type: 'message', text: 'stuck' });
    await vi.waitFor(() => expect(socket.types()).toContain('welcome'));
    const closing = stuck.closeAll();
    await vi.advanceTimersByTimeAsync(CHAT_SHUTDOWN_SETTLE_MAX_MS - 1);
    expect(socket.closedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await closing;
    expect(socket.closedWith).toBe(CloseCode.GoingAway);
  });
});

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
    await vi.waitFor(async () => expect(await store.recent(10)).toHaveLength(1));
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

describe('ChatHub hook contexts', () => {
  it.each([
    ['without hooks', undefined],
    ['with hooks for other events only', new HookRunner([{ name: 'sse', onStreamOpen() {} }])],
  ])(
    'makes none %s: a socket is welcomed, sends, fails and closes without one',
    async (_, hooks) => {
      const read = vi.spyOn(ChatConnection.prototype, 'hookContext', 'get');
      const target = new ChatHub(store, hooks ? { hooks } : {});
      const ada = join('ada', target);
      await vi.waitFor(() => expect(ada.types()).toContain('welcome'));
      ada.receive({ type: 'message', text: 'hi', clientMsgId: 'm1' });
      await vi.waitFor(() => expect(ada.types()).toContain('ack'));
      ada.emit('error', new Error('boom'));
      ada.closed();
      expect(read).not.toHaveBeenCalled();
      read.mockRestore();
      await target.closeAll();
    },
  );

  it('gives every hook of a connection one context, whose send reaches that socket', async () => {
    const contexts: unknown[] = [];
    const hooked = new ChatHub(store, {
      hooks: new HookRunner([
        {
          name: 'spy',
          onOpen: (ctx) => {
            contexts.push(ctx);
            ctx.send({ type: 'error', code: ChatErrorCode.Internal, message: 'from a hook' });
          },
          onMessage: (ctx) => void contexts.push(ctx),
          onClose: (ctx) => void contexts.push(ctx),
        },
      ]),
    });
    const ada = join('ada', hooked);
    await vi.waitFor(() => expect(ada.types()).toEqual(['welcome', 'error']));
    ada.receive({ type: 'message', text: 'hi', clientMsgId: 'm1' });
    await vi.waitFor(() => expect(ada.types()).toContain('ack'));
    ada.closed();

    expect(contexts).toHaveLength(3);
    expect(new Set(contexts).size).toBe(1);
    expect(contexts[0]).toMatchObject({ name: 'ada', connectionId: expect.any(String) });
    await hooked.closeAll();
  });
});
