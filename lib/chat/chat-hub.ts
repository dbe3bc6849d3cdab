import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { errorFields, log } from '@/lib/logger';
import {
  CHAT_HISTORY_DEFAULT_MESSAGES,
  CHAT_HISTORY_MAX_MESSAGES,
  ChatErrorCode,
  type ClientFrame,
  CloseCode,
  parseClientFrame,
  type ServerFrame,
} from '@/lib/protocol';
import type { ChatStore } from '@/lib/store/chat-store';
import { ChatConnection } from './chat-connection';
import { MessageRate } from './message-rate';
import { Presence, type PresenceChange } from './presence';

export type ChatHubOptions = {
  /** Ping period, in milliseconds; a socket that misses one pong is terminated. Default 30000. */
  heartbeatIntervalMs?: number;
};

export type ChatJoin = { name: string; since?: number; remoteAddress?: string };

/**
 * The chat relay, in the shape of Ratchet's MessageComponentInterface: onOpen, onMessage,
 * onClose, onError. Every message is stored before it is relayed to the others and acked.
 */
export class ChatHub {
  readonly #store: ChatStore;
  readonly #connections = new Set<ChatConnection>();
  readonly #presence = new Presence((change) => this.#broadcastPresence(change));
  readonly #rate = new MessageRate();
  readonly #heartbeatMs: number;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(store: ChatStore, options: ChatHubOptions = {}) {
    this.#store = store;
    this.#heartbeatMs = options.heartbeatIntervalMs ?? 30_000;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Messages stored in the last 60 seconds. */
  messagesInLastMinute(): number {
    return this.#rate.count();
  }

  /** Timers and entries the hub holds (for leak tests). */
  get activeHandles(): { connections: number; online: number; heartbeat: boolean } {
    return {
      connections: this.#connections.size,
      online: this.#presence.onlineCount,
      heartbeat: this.#heartbeat !== undefined,
    };
  }

  /** A socket finished its handshake: welcome it with history and who is online. */
  onOpen(socket: WebSocket, join: ChatJoin): ChatConnection {
    const conn = new ChatConnection(randomUUID(), join.name, socket, join.remoteAddress);
    this.#connections.add(conn);
    this.#presence.join(conn.name);
    conn.presenceEpoch = this.#presence.epoch;
    socket.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    socket.on('close', (code) => this.onClose(conn, code));
    socket.on('error', (error) => this.onError(conn, error));
    socket.on('pong', () => {
      conn.alive = true;
    });
    const history = this.#history(join.since);
    const welcome: ServerFrame = {
      type: 'welcome',
      connectionId: conn.id,
      name: conn.name,
      history: history.messages,
      online: this.#presence.list(),
      onlineCount: this.#presence.onlineCount,
    };
    if (history.truncated) welcome.historyTruncated = true;
    conn.send(welcome);
    this.#startHeartbeat();
    log.info('chat open', { connId: conn.id, remote: conn.remoteAddress });
    return conn;
  }

  onMessage(conn: ChatConnection, data: RawData, isBinary: boolean): void {
    const decision = conn.limiter.take();
    if (decision === 'flood') {
      conn.socket.close(CloseCode.PolicyViolation, 'rate limit exceeded');
      return;
    }
    if (decision === 'limited') {
      if (conn.limiter.dropped === 1) {
        conn.sendError(ChatErrorCode.RateLimited, 'too many frames; slow down or be disconnected');
      }
      return;
    }
    if (isBinary) {
      conn.sendError(ChatErrorCode.InvalidFrame, 'binary frames are not supported; send JSON text');
      return;
    }
    const parsed = parseClientFrame(data.toString());
    if (!parsed.ok) {
      conn.sendError(parsed.code, parsed.message);
      return;
    }
    try {
      this.#handle(conn, parsed.frame);
    } catch (error) {
      this.onError(conn, error);
      conn.sendError(ChatErrorCode.Internal, 'the message could not be stored; try again');
    }
  }

  onClose(conn: ChatConnection, code: number): void {
    if (!this.#connections.delete(conn)) return;
    this.#presence.leave(conn.name);
    if (this.#connections.size === 0) this.#stopHeartbeat();
    log.info('chat close', { connId: conn.id, code, durationMs: Date.now() - conn.openedAt });
  }

  onError(conn: ChatConnection, error: unknown): void {
    log.warn('chat error', { connId: conn.id, ...errorFields(error) });
  }

  /** Closes every socket with `code` (1001 on shutdown) and stops the timers. */
  closeAll(code: number = CloseCode.GoingAway, reason = 'server shutting down'): void {
    this.#stopHeartbeat();
    this.#presence.stop();
    for (const conn of this.#connections) conn.socket.close(code, reason);
  }

  #handle(conn: ChatConnection, frame: ClientFrame): void {
    if (frame.type === 'typing') {
      if (!conn.takeTypingSlot()) return;
      this.#broadcast(JSON.stringify({ type: 'typing', name: conn.name }), conn);
      return;
    }
    const { message, duplicate } = this.#store.append({
      name: conn.name,
      text: frame.text,
      ...(frame.clientMsgId ? { clientMsgId: frame.clientMsgId } : {}),
    });
    if (!duplicate) {
      this.#rate.record();
      this.#broadcast(JSON.stringify({ type: 'message', ...message }), conn);
    }
    conn.send({
      type: 'ack',
      clientMsgId: frame.clientMsgId ?? null,
      id: message.id,
      ts: message.ts,
    });
  }

  #history(since: number | undefined) {
    if (since === undefined) {
      return { messages: this.#store.recent(CHAT_HISTORY_DEFAULT_MESSAGES), truncated: false };
    }
    return this.#store.after(since, CHAT_HISTORY_MAX_MESSAGES);
  }

  #broadcast(bytes: string, except?: ChatConnection): void {
    for (const conn of this.#connections) {
      if (conn === except) continue;
      if (!conn.sendRaw(bytes) && conn.isOpen) {
        conn.socket.close(CloseCode.TryAgainLater, 'too slow to keep up');
      }
    }
  }

  #broadcastPresence(change: PresenceChange): void {
    const bytes = JSON.stringify({
      type: 'presence',
      joined: change.joined,
      left: change.left,
      onlineCount: change.onlineCount,
    });
    for (const conn of this.#connections) {
      if (conn.presenceEpoch < change.epoch) conn.sendRaw(bytes);
    }
  }

  #startHeartbeat(): void {
    this.#heartbeat ??= setInterval(() => this.#beat(), this.#heartbeatMs);
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #beat(): void {
    for (const conn of this.#connections) {
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
