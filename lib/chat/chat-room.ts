import { log } from '@/lib/logger';
import type { ChatConnection } from './chat-connection';
import { changesAfter, firstAfter, type PresenceChange } from './presence';

/**
 * The open chat connections of a hub: relays the same bytes to all of them (held for one not
 * yet welcomed, a slow reader dropped), sends presence changes, and pings them.
 */
export class ChatRoom {
  readonly connections = new Set<ChatConnection>();
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

  add(conn: ChatConnection): void {
    this.connections.add(conn);
    this.#heartbeat ??= setInterval(() => this.#beat(), this.#heartbeatMs);
  }

  /** Removes `conn`; false when it was not here. The heartbeat stops with the last one. */
  delete(conn: ChatConnection): boolean {
    if (!this.connections.delete(conn)) return false;
    if (this.connections.size === 0) this.stopHeartbeat();
    return true;
  }

  stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  /**
   * Sends the same bytes to every connection but `except` (held for one not yet welcomed);
   * returns how many got them. `messageId`: the relayed message, so a welcome can leave it out
   * when its history already holds it.
   */
  broadcast(text: string, except?: ChatConnection, messageId?: number): number {
    // One buffer shared by every socket's queue: a slow reader holds references, not copies.
    const data = Buffer.from(text);
    const byteLength = data.byteLength;
    let delivered = 0;
    for (const conn of this.connections) {
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
   * One not welcomed yet gets none: its welcome lists who is online when it is sent.
   */
  broadcastPresence(change: PresenceChange): void {
    const frames = new Map<number, { data: Buffer; byteLength: number }>();
    for (const conn of this.connections) {
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
