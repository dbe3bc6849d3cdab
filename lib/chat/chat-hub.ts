import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { AppError } from '@/lib/errors';
import { HookRunner } from '@/lib/hooks/hook-runner';
import { errorFields, log } from '@/lib/logger';
import {
  CHAT_HISTORY_DEFAULT_MESSAGES,
  CHAT_HISTORY_MAX_MESSAGES,
  CHAT_TEXT_MAX_CHARS,
  ChatErrorCode,
  type ClientFrame,
  CloseCode,
  parseClientFrame,
  type ServerFrame,
} from '@/lib/protocol';
import type { ChatStore } from '@/lib/store/chat-store';
import { ChatConnection, type ChatStats, createChatStats } from './chat-connection';
import { MessageRate } from './message-rate';
import { changesAfter, firstAfter, Presence, type PresenceChange } from './presence';

export type ChatHubOptions = {
  /** Extension hooks (pulseboard.config.ts). */
  hooks?: HookRunner;
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
  readonly #hooks: HookRunner;
  /** Counters for /metrics and tests. */
  readonly stats: ChatStats = createChatStats();
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(store: ChatStore, options: ChatHubOptions = {}) {
    this.#store = store;
    this.#heartbeatMs = options.heartbeatIntervalMs ?? 30_000;
    this.#hooks = options.hooks ?? new HookRunner();
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Messages stored in the last 60 seconds. */
  messagesInLastMinute(): number {
    return this.#rate.count();
  }

  /** Timers and entries the hub holds (for leak tests). */
  get activeHandles(): {
    connections: number;
    online: number;
    heartbeat: boolean;
    presenceTimer: boolean;
  } {
    return {
      connections: this.#connections.size,
      online: this.#presence.onlineCount,
      heartbeat: this.#heartbeat !== undefined,
      presenceTimer: this.#presence.pending,
    };
  }

  /** A socket finished its handshake: welcome it with history and who is online. */
  onOpen(socket: WebSocket, join: ChatJoin): ChatConnection {
    const conn = new ChatConnection(
      randomUUID(),
      join.name,
      socket,
      join.remoteAddress,
      this.stats,
    );
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
    log.info('chat open', { connId: conn.id, transport: 'ws', remote: conn.remoteAddress });
    this.#hooks.onOpen(conn.hookContext);
    return conn;
  }

  onMessage(conn: ChatConnection, data: RawData, isBinary: boolean): void {
    // A frame read after the close began (shutdown, 1001) could be stored but never acked:
    // drop it unstored. The client still holds it as pending and resends it, with its
    // clientMsgId, after reconnecting (docs/durability.md).
    if (!conn.isOpen) return;
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
      const store = storeErrorCodeOf(error);
      if (store) conn.sendError(store, (error as AppError).message);
      else conn.sendError(ChatErrorCode.Internal, 'the message could not be stored; try again');
    }
  }

  onClose(conn: ChatConnection, code: number): void {
    if (!this.#connections.delete(conn)) return;
    this.#presence.leave(conn.name);
    if (this.#connections.size === 0) this.#stopHeartbeat();
    log.info('chat close', {
      connId: conn.id,
      transport: 'ws',
      remote: conn.remoteAddress,
      code,
      ...(conn.closeReason ? { reason: conn.closeReason } : {}),
      durationMs: Date.now() - conn.openedAt,
    });
    this.#hooks.onClose(conn.hookContext, code);
  }

  onError(conn: ChatConnection, error: unknown): void {
    log.warn('chat error', { connId: conn.id, transport: 'ws', ...errorFields(error) });
    this.#hooks.onError(conn.hookContext, error);
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
    const verdict = this.#hooks.onMessage(conn.hookContext, frame.text);
    if ('reject' in verdict || verdict.text.trim() === '') {
      const reason = 'reject' in verdict ? verdict.reject : 'the message became empty';
      conn.sendError(ChatErrorCode.MessageRejected, reason);
      return;
    }
    // append() returns after the transaction committed (synchronous = FULL): the ack below,
    // and the relay, are only ever sent for a message that is durably stored.
    const { message, duplicate } = this.#store.append({
      name: conn.name,
      text: verdict.text.slice(0, CHAT_TEXT_MAX_CHARS),
      ...(frame.clientMsgId ? { clientMsgId: frame.clientMsgId } : {}),
    });
    if (!duplicate) {
      this.#rate.record();
      this.stats.messagesStored++;
      this.stats.messagesRelayed += this.#broadcast(
        JSON.stringify({ type: 'message', ...message }),
        conn,
      );
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

  /** Sends the same bytes to every connection but `except`; returns how many got them. */
  #broadcast(text: string, except?: ChatConnection): number {
    // One buffer shared by every socket's queue: a slow reader holds references, not copies.
    const data = Buffer.from(text);
    const byteLength = data.byteLength;
    let delivered = 0;
    for (const conn of this.#connections) {
      if (conn === except) continue;
      if (conn.sendRaw(data, byteLength)) delivered++;
      else if (conn.isOpen) conn.dropAsSlowReader();
    }
    return delivered;
  }

  /**
   * Each connection gets the changes after its welcome: most get one shared frame, one welcomed
   * while the window was open gets the part it has not seen (frames cached per starting point).
   */
  #broadcastPresence(change: PresenceChange): void {
    const frames = new Map<number, { data: Buffer; byteLength: number }>();
    for (const conn of this.#connections) {
      if (conn.presenceEpoch >= change.epoch) continue;
      const start = firstAfter(change.changes, conn.presenceEpoch);
      let frame = frames.get(start);
      if (!frame) {
        const { joined, left } = changesAfter(change.changes, conn.presenceEpoch);
        // A Buffer, shared as #broadcast shares its: a string is encoded anew into every
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

const STORE_ERROR_CODES: ReadonlySet<string> = new Set([
  ChatErrorCode.StoreFull,
  ChatErrorCode.StoreReadOnly,
  ChatErrorCode.StoreUnavailable,
  ChatErrorCode.StoreBusy,
]);

/** The chat error code of a storage failure (full, read-only, ...), or undefined. */
function storeErrorCodeOf(error: unknown): ChatErrorCode | undefined {
  if (!(error instanceof AppError) || !STORE_ERROR_CODES.has(error.code)) return undefined;
  return error.code as ChatErrorCode;
}
