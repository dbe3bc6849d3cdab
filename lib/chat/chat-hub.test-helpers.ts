import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { ServerFrame } from '@/lib/protocol';
import { SqliteChatStore } from '@/lib/store/sqlite/sqlite-chat-store';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { ChatHub } from './chat-hub';

/** The parts of a ws socket the hub uses: `close()` moves it to CLOSING, as ws does. */
export class FakeSocket extends EventEmitter {
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
export let store: SqliteChatStore;
export let hub: ChatHub;

/** Gives each test of the file a fresh temp database, its store and a hub over it. */
export function withFreshHub(): void {
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
}

export function join(name: string, target = hub, since?: number, room?: string): FakeSocket {
  const socket = new FakeSocket();
  target.onOpen(socket as unknown as WebSocket, {
    name,
    ...(since === undefined ? {} : { since }),
    ...(room === undefined ? {} : { room }),
  });
  return socket;
}
