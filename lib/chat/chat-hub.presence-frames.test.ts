import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { SqliteChatStore } from '@/lib/store/sqlite/sqlite-chat-store';
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
  pong(): void {}
  terminate(): void {
    this.readyState = 3;
  }
  frames(type: string): (string | Buffer)[] {
    return this.sent.filter((d) => JSON.parse(d.toString()).type === type);
  }
}

let temp: ReturnType<typeof openTempDatabase>;
let hub: ChatHub;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  temp = openTempDatabase();
  hub = new ChatHub(new SqliteChatStore(temp.db), { heartbeatIntervalMs: 60_000 });
});
afterEach(async () => {
  vi.useRealTimers();
  await hub.closeAll();
  temp.dispose();
});

/** Opens a socket on the hub and waits for its welcome. */
async function join(name: string): Promise<FakeSocket> {
  const socket = new FakeSocket();
  hub.onOpen(socket as unknown as WebSocket, { name });
  await vi.waitFor(() => expect(socket.frames('welcome')).toHaveLength(1));
  return socket;
}

describe('ChatHub presence frames', () => {
  it('sends one shared Buffer to every socket that needs the same frame (a string is encoded per socket)', async () => {
    const ada = await join('ada');
    const bob = await join('bob');
    vi.advanceTimersByTime(PRESENCE_MIN_INTERVAL_MS);
    await join('cyd');
    vi.advanceTimersByTime(PRESENCE_MIN_INTERVAL_MS);

    const toAda = ada.frames('presence').at(-1);
    const toBob = bob.frames('presence').at(-1);
    expect(JSON.parse(String(toBob))).toMatchObject({ type: 'presence', joined: ['cyd'] });
    expect(Buffer.isBuffer(toBob)).toBe(true);
    expect(toAda).toBe(toBob);
  });
});
