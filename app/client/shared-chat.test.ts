import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from './browser-sockets.fake';
import { roomScope } from './chat-wire';
import { RELAYED_PENDING_MAX_MESSAGES, SharedChat } from './shared-chat';
import { FakeTabWorld } from './tab-platform.fake';

const welcome = (history: unknown[] = []) => ({
  type: 'welcome',
  connectionId: 'c1',
  name: 'ada',
  history,
  online: ['ada'],
  onlineCount: 1,
});
const settle = () => vi.advanceTimersByTimeAsync(0);
const lastSocket = () => FakeWebSocket.instances.at(-1) as FakeWebSocket;
const sentMessages = (socket: FakeWebSocket) =>
  socket.sent.map((d) => JSON.parse(d)).filter((f) => f.type === 'message');

let world: FakeTabWorld;
let tabs: SharedChat[];

function openTab(id: string): SharedChat {
  const chat = new SharedChat({ platform: world.platform(id) });
  chat.connect('ada');
  tabs.push(chat);
  return chat;
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
  vi.stubGlobal(
    'window',
    Object.assign(new EventTarget(), { location: { protocol: 'http:', host: 'pb.test' } }),
  );
  vi.stubGlobal('navigator', { onLine: true });
  world = new FakeTabWorld();
  tabs = [];
});
afterEach(() => {
  for (const t of tabs) t.disconnect();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('SharedChat rooms', () => {
  it('gives two tabs of one identity in two rooms a socket each, each in its own room', async () => {
    const ops = new SharedChat({ platform: world.platform('a') });
    const web = new SharedChat({ platform: world.platform('b') });
    tabs.push(ops, web);
    ops.connect({ name: 'ada', key: 'k-123456', room: 'ops' }, roomScope('key:k-123456', 'ops'));
    web.connect({ name: 'ada', key: 'k-123456', room: 'web' }, roomScope('key:k-123456', 'web'));
    await settle();
    expect(FakeWebSocket.instances.map((s) => new URL(s.url).searchParams.get('room'))).toEqual([
      'ops',
      'web',
    ]);
    const [opsSocket, webSocket] = FakeWebSocket.instances as [FakeWebSocket, FakeWebSocket];
    opsSocket.receive(welcome([{ id: 1, name: 'bob', text: 'ops only', ts: 1 }]));
    webSocket.receive(welcome());
    await settle();
    expect(ops.getView().messages.map((m) => m.text)).toEqual(['ops only']);
    expect(web.getView().messages).toEqual([]);
  });
});

describe('SharedChat', () => {
  it('one socket; a follower catches up, sends through the leader, and every tab shows it once', async () => {
    const a = openTab('a');
    await settle();
    lastSocket().receive(welcome([{ id: 3, name: 'bob', text: 'hi', ts: 1 }]));
    const b = openTab('b');
    await settle();
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(b.getView().messages.map((m) => m.id)).toEqual([3]);
    expect(b.getView().status).toBe('live');

    expect(b.client.send('from b')).toBe(true);
    await settle();
    const [frame] = sentMessages(lastSocket());
    expect(frame).toMatchObject({ type: 'message', text: 'from b' });
    expect(b.getView().pending).toHaveLength(1);

    lastSocket().receive({ type: 'ack', clientMsgId: frame.clientMsgId, id: 4, ts: 2 });
    await settle();
    for (const tab of [a, b]) {
      expect(tab.getView().messages.map((m) => [m.id, m.text])).toEqual([
        [3, 'hi'],
        [4, 'from b'],
      ]);
      expect(tab.getView().pending).toEqual([]);
    }
  });

  it('after the leader goes, the next tab reconnects from its last id and every pending message is resent once per tab', async () => {
    const a = openTab('a');
    await settle();
    lastSocket().receive(welcome([{ id: 7, name: 'bob', text: 'hi', ts: 1 }]));
    const b = openTab('b');
    const c = openTab('c');
    await settle();

    a.disconnect();
    c.client.send('during handover');
    await settle();
    expect(b.leading).toBe(true);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(lastSocket().url).toContain('since=7');

    lastSocket().receive(welcome());
    await settle();
    const sent = sentMessages(lastSocket());
    expect(sent.map((f) => f.text)).toEqual(['during handover']);
    lastSocket().receive({ type: 'ack', clientMsgId: sent[0].clientMsgId, id: 8, ts: 2 });
    await settle();
    for (const tab of [b, c]) {
      expect(tab.getView().messages.map((m) => m.id)).toEqual([7, 8]);
      expect(tab.getView().pending).toEqual([]);
    }
  });

  it('the leader remembers the texts of RELAYED_PENDING_MAX_MESSAGES forwarded messages, dropping the oldest', async () => {
    const a = openTab('a');
    await settle();
    lastSocket().receive(welcome());
    const relay = world.platform('x').channel();
    const forward = (i: number) =>
      relay.postMessage({
        from: 'x',
        topic: 'chat',
        message: {
          t: 'send',
          data: JSON.stringify({ type: 'message', text: `m${i}`, clientMsgId: `id${i}` }),
        },
      });
    for (let i = 0; i <= RELAYED_PENDING_MAX_MESSAGES; i++) forward(i);
    await settle();
    expect(sentMessages(lastSocket())).toHaveLength(RELAYED_PENDING_MAX_MESSAGES + 1);
    lastSocket().receive({ type: 'ack', clientMsgId: 'id0', id: 1, ts: 1 });
    lastSocket().receive({ type: 'ack', clientMsgId: 'id1', id: 2, ts: 1 });
    expect(a.getView().messages.map((m) => m.text)).toEqual(['m1']);
  });

  it('without a platform the tab keeps its own socket', () => {
    const chat = new SharedChat({ platform: undefined });
    tabs.push(chat);
    chat.connect('ada');
    expect(chat.leading).toBe(false);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
