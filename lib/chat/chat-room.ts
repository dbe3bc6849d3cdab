import { log } from '@/lib/logger';
import type { ChatConnection } from './chat-connection';
import { changesAfter, firstAfter, type PresenceChange } from './presence';

/** What a hub holds, for leak tests: sockets, names online, whether its timers run. */
export type ChatHubHandles = {
  connections: number;
  online: number;
  heartbeat: boolean;
  presenceTimer: boolean;
  /** Rooms whose presence is held (a room nobody is in is dropped). */
  presenceRooms: number;
};

const NONE: ReadonlySet<ChatConnection> = new Set();

/**
 * The open chat connections of a hub, by chat room (`conn.room`): relays the same bytes to
 * those of one room (held for one not yet welcomed, a slow reader dropped), sends presence
 * changes, and pings them all.
 */
export class ChatRoom {
  readonly connections = new Set<ChatConnection>();
  /** The connections of each room with any (a room's set goes with its last connection). */
  readonly #rooms = new Map<string, Set<ChatConnection>>();
  readonly #heartbeatMs: number;
  #heartbeat: NodeJS.Timeout | undefined;

  /** `heartbeatMs`: ping period; a socket that misses one pong is terminated. */
  constructor(heartbeatMs: number) {
    this.#heartbeatMs = heartbeatMs;
  }

  get size(): number {
    return this.connections.size;
  }

  get heartbeatActive(): boolean {
    return this.#heartbeat !== undefined;
  }

  /** The open connections of `room`. */
  in(room: string): ReadonlySet<ChatConnection> {
    return this.#rooms.get(room) ?? NONE;
  }

  add(conn: ChatConnection): void {
    this.connections.add(conn);
    let members = this.#rooms.get(conn.room);
    if (!members) {
      members = new Set();
      this.#rooms.set(conn.room, members);
    }
    members.add(conn);
    this.#heartbeat ??= setInterval(() => this.#beat(), this.#heartbeatMs);
  }

  /** Removes `conn`; false when it was not here. The heartbeat stops with the last one. */
  delete(conn: ChatConnection): boolean {
    if (!this.connections.delete(conn)) return false;
    const members = this.#rooms.get(conn.room);
    members?.delete(conn);
    if (members?.size === 0) this.#rooms.delete(conn.room);
    if (this.connections.size === 0) this.stopHeartbeat();
    return true;
  }

  stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  /**
   * Sends the same bytes to every connection of `room` but `except` (held for one not yet
   * welcomed); returns how many got them. `messageId`: the relayed message, so a welcome can
   * leave it out when its history already holds it.
   */
  broadcast(room: string, text: string, except?: ChatConnection, messageId?: number): number {
    const members = this.#rooms.get(room);
    if (!members) return 0;
    // One buffer shared by every socket's queue: a slow reader holds references, not copies.
    const data = Buffer.from(text);
    const byteLength = data.byteLength;
    let delivered = 0;
    for (const conn of members) {
      if (conn === except) continue;
      if (messageId !== undefined && conn.hasInHistory(messageId)) continue;
      if (conn.sendRaw(data, byteLength, messageId)) delivered++;
      else if (conn.isOpen) conn.dropAsSlowReader();
    }
    return delivered;
  }

  /**
   * Each connection gets the changes after its welcome: most get one shared frame, one welcomed
   * while the window was open gets the part it has not seen (frames cached per starting point).
   * Only the connections of `room` get it. One not welcomed yet gets none: its welcome lists who is online when it is sent.
   */
  broadcastPresence(room: string, change: PresenceChange): void {
    const frames = new Map<number, { data: Buffer; byteLength: number }>();
    for (const conn of this.in(room)) {
      if (conn.welcoming || conn.presenceEpoch >= change.epoch) continue;
      const start = firstAfter(change.changes, conn.presenceEpoch);
      let frame = frames.get(start);
      if (!frame) {
        const { joined, left } = changesAfter(change.changes, conn.presenceEpoch);
        // A Buffer, shared as messages share theirs: a string is encoded anew into every
        // socket's write, and a socket whose write is pending holds that copy.
        const data = Buffer.from(
          JSON.stringify({ type: 'presence', joined, left, onlineCount: change.onlineCount }),
        );
        frame = { data, byteLength: data.byteLength };
        frames.set(start, frame);
      }
      conn.sendRaw(frame.data, frame.byteLength);
    }
  }

  /** Closes every socket of `room` with `code` and `reason`; returns how many. */
  closeRoom(room: string, code: number, reason: string): number {
    const members = [...this.in(room)];
    for (const conn of members) conn.socket.close(code, reason);
    return members.length;
  }

  #beat(): void {
    for (const conn of this.connections) {
      if (!conn.alive) {
        log.info('chat heartbeat missed', { connId: conn.id });
        conn.socket.terminate();
        continue;
      }
      conn.alive = false;
      conn.socket.ping();
    }
  }
}
