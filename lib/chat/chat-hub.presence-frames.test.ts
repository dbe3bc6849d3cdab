import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { SqliteChatStore } from '@/lib/store/sqlite-chat-store';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { ChatHub } from './chat-hub';
import { PRESENCE_MIN_INTERVAL_MS } from './presence';

/** The parts of a ws socket the hub uses; keeps what was passed to `send` as it was. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: (string | Buffer)[] = [];
  send(data: string | Buffer): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 2;
  }
  ping(): void {}
  terminate(): void {
    this.readyState = 3;
  }
  presenceFrames(): (string | Buffer)[] {
    return this.sent.filter((d) => JSON.parse(d.toString()).type === 'presence');
  }
}

let temp: ReturnType<typeof openTempDatabase>;
let hub: ChatHub;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  temp = openTempDatabase();
  hub = new ChatHub(new SqliteChatStore(temp.db), { heartbeatIntervalMs: 60_000 });
});
afterEach(() => {
  hub.closeAll();
  temp.dispose();
  vi.useRealTimers();
});

describe('ChatHub presence frames', () => {
  it('sends one shared Buffer to every socket that needs the same frame (a string is encoded per socket)', () => {
    const [ada, bob, cyd] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    hub.onOpen(ada as unknown as WebSocket, { name: 'ada' });
    hub.onOpen(bob as unknown as WebSocket, { name: 'bob' });
    vi.advanceTimersByTime(PRESENCE_MIN_INTERVAL_MS);
    hub.onOpen(cyd as unknown as WebSocket, { name: 'cyd' });
    vi.advanceTimersByTime(PRESENCE_MIN_INTERVAL_MS);

    const toAda = ada.presenceFrames().at(-1);
    const toBob = bob.presenceFrames().at(-1);
    expect(JSON.parse(String(toBob))).toMatchObject({ type: 'presence', joined: ['cyd'] });
    expect(Buffer.isBuffer(toBob)).toBe(true);
    expect(toAda).toBe(toBob);
  });
});
