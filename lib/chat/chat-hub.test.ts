import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { CloseCode, type ServerFrame } from '@/lib/protocol';
import { SqliteChatStore } from '@/lib/store/sqlite-chat-store';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { ChatHub } from './chat-hub';

/** The parts of a ws socket the hub uses: `close()` moves it to CLOSING, as ws does. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: ServerFrame[] = [];
  closedWith: number | undefined;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ServerFrame);
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 2;
  }
  ping(): void {}
  terminate(): void {
    this.readyState = 3;
  }
  receive(frame: unknown): void {
    this.emit('message', Buffer.from(JSON.stringify(frame)), false);
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
afterEach(() => {
  hub.closeAll();
  temp.dispose();
});

describe('ChatHub on shutdown', () => {
  it('stores and acks a message read before closeAll, then closes with 1001', () => {
    const socket = new FakeSocket();
    hub.onOpen(socket as unknown as WebSocket, { name: 'ada' });
    socket.receive({ type: 'message', text: 'before', clientMsgId: 'm1' });
    hub.closeAll();
    const ack = socket.sent.find((f) => f.type === 'ack');
    expect(ack).toMatchObject({ type: 'ack', clientMsgId: 'm1' });
    expect(store.recent(10).map((m) => m.clientMsgId)).toEqual(['m1']);
    expect(socket.closedWith).toBe(CloseCode.GoingAway);
  });

  it('neither stores nor acks a message read after the close began', () => {
    const socket = new FakeSocket();
    hub.onOpen(socket as unknown as WebSocket, { name: 'ada' });
    hub.closeAll();
    socket.receive({ type: 'message', text: 'too late', clientMsgId: 'm2' });
    expect(socket.sent.filter((f) => f.type === 'ack' || f.type === 'error')).toEqual([]);
    expect(store.recent(10)).toEqual([]);
  });
});
