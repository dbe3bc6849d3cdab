import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SHUTDOWN_RETRY_JITTER_MS, SHUTDOWN_RETRY_MIN_MS } from '@/lib/protocol';
import { FakeWebSocket } from './browser-sockets.fake';
import { ChatClient } from './chat-client';

const welcome = {
  type: 'welcome',
  connectionId: 'c1',
  name: 'ada',
  history: [{ id: 41, name: 'bob', text: 'hi', ts: 1 }],
  online: ['ada'],
  onlineCount: 1,
};

let client: ChatClient;

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
  const window = Object.assign(new EventTarget(), {
    location: { protocol: 'http:', host: 'pb.test' },
  });
  vi.stubGlobal('window', window);
  vi.stubGlobal('navigator', { onLine: true });
  client = new ChatClient();
  client.connect('ada');
  FakeWebSocket.instances[0]?.receive(welcome);
});
afterEach(() => {
  client.disconnect();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('ChatClient after a 1001 (server restarting)', () => {
  it('waits at least SHUTDOWN_RETRY_MIN_MS, then reconnects with since=<last id>', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    FakeWebSocket.instances[0]?.onclose?.({ code: 1001 });

    vi.advanceTimersByTime(SHUTDOWN_RETRY_MIN_MS - 1);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances.at(-1)?.url).toBe('ws://pb.test/ws/chat?name=ada&since=41');
  });

  it('waits up to SHUTDOWN_RETRY_MIN_MS + SHUTDOWN_RETRY_JITTER_MS at the top of the jitter', () => {
    vi.spyOn(Math, 'random').mockReturnValue(1 - Number.EPSILON);
    FakeWebSocket.instances[0]?.onclose?.({ code: 1001 });

    vi.advanceTimersByTime(SHUTDOWN_RETRY_MIN_MS + SHUTDOWN_RETRY_JITTER_MS - 2);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('resends an unacknowledged message with the same clientMsgId after the reconnect', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    client.send('in flight');
    const first = FakeWebSocket.instances[0] as FakeWebSocket;
    const sent = JSON.parse(first.sent[0] ?? '{}') as { clientMsgId: string };
    first.onclose?.({ code: 1001 });
    vi.advanceTimersByTime(SHUTDOWN_RETRY_MIN_MS);
    const second = FakeWebSocket.instances[1] as FakeWebSocket;
    second.receive(welcome);

    expect(second.sent.map((d) => JSON.parse(d))).toEqual([
      { type: 'message', text: 'in flight', clientMsgId: sent.clientMsgId },
    ]);
  });
});
