import type { RawData, WebSocket } from 'ws';
import type { AppError } from '@/lib/errors';
import { HookRunner } from '@/lib/hooks/hook-runner';
import { errorFields, log, logs } from '@/lib/logger';
import {
  ChatErrorCode,
  type ChatMessage,
  type ClientFrame,
  CloseCode,
  parseClientFrame,
} from '@/lib/protocol';
import type { ChatStore } from '@/lib/store/chat-store';
import type { ClusterStore } from '@/lib/store/cluster-store';
import { waitAtMost } from '@/lib/wait-at-most';
import { type ChatConnection, type ChatStats, createChatStats } from './chat-connection';
import { type ChatJoin, connectionOf } from './chat-join';
import { ChatRelay, storeErrorCodeOf } from './chat-relay';
import { type ChatHubHandles, ChatRoom } from './chat-room';
import {
  type ChatSocketEvents,
  createSocketListeners,
  listenToSocket,
} from './chat-socket-listeners';
import { readWelcome, welcomeFrame } from './chat-welcome';
import { MessageEdits } from './message-edits';
import { screenText } from './message-screen';
import { SerialQueue } from './serial-queue';
import { systemPostText } from './system-author';

/**
 * Longest closeAll() waits for frames already read to be stored, relayed and acked before it
 * closes the sockets, in milliseconds. Past it the sockets close anyway; a client resends an
 * unacked message with its clientMsgId after reconnecting.
 */
export const CHAT_SHUTDOWN_SETTLE_MAX_MS = 2000;
/**
 * Pings from one client not answered yet (each waits for the frames read before it); past it
 * the socket is terminated, as ws's own `maxPendingAutoPongs` (60) does.
 */
export const CHAT_PENDING_PONGS_MAX = 60;

export type ChatHubOptions = {
  /** Extension hooks (pulseboard.config.ts). */
  hooks?: HookRunner;
  /** Ping period, in milliseconds; a socket that misses one pong is terminated. Default 30000. */
  heartbeatIntervalMs?: number;
  /** The instances sharing the database (PostgreSQL): chat, presence and typing across them. */
  cluster?: ClusterStore;
};

/**
 * The chat relay, in the shape of Ratchet's MessageComponentInterface: onOpen, onMessage,
 * onClose, onError. Every message is stored before it is relayed to the others and acked.
 *
 * The store is async, so the order is kept by queues, not by "all in one tick": each
 * connection's frames are handled strictly in order (a queue per connection, its welcome
 * first); the store-then-relay step of every connection goes through one hub-wide queue, so
 * relays leave in id order (chat rates are small: one append at a time costs nothing); frames
 * relayed to a connection before its welcome are held and sent after it. A client's ping is
 * answered in the same queue, after the frames read before it, so a ping/pong round trip still
 * tells a client that its earlier frames were handled: the WebSocketServer must be created with
 * `autoPong: false`.
 */
export class ChatHub implements ChatSocketEvents {
  readonly #room: ChatRoom;
  readonly #queues = new WeakMap<ChatConnection, SerialQueue>();
  readonly #relay: ChatRelay;
  readonly #edits: MessageEdits;
  readonly #hooks: HookRunner;
  /** Which chat events any hook implements: a connection's hook context is made only then. */
  readonly #hooksFor: ReturnType<HookRunner['chatEvents']>;
  /** Connections that flooded: closed once their earlier frames are handled. */
  readonly #flooded = new WeakSet<ChatConnection>();
  /** Connections welcomed while onClose hooks exist (onClose runs for those only). */
  readonly #opened = new WeakSet<ChatConnection>();
  /** Counters for /metrics and tests. */
  readonly stats: ChatStats = createChatStats();
  /** closeAll() began: frames read from now on are dropped unstored. */
  #closing = false;
  /** ws listeners shared by every socket of the hub (none made per socket). */
  readonly #socketListeners = createSocketListeners(this);

  constructor(store: ChatStore, options: ChatHubOptions = {}) {
    this.#room = new ChatRoom(options.heartbeatIntervalMs ?? 30_000);
    this.#relay = new ChatRelay(store, this.#room, this.stats, options.cluster);
    this.#edits = new MessageEdits(store, this.#room, (room, id) =>
      this.#relay.announceChange(room, id),
    );
    this.#hooks = options.hooks ?? new HookRunner();
    this.#hooksFor = this.#hooks.chatEvents();
  }

  get connectionCount(): number {
    return this.#room.size;
  }

  /** Messages stored in the last 60 seconds. */
  messagesInLastMinute(): number {
    return this.#relay.rate.count();
  }

  /** Timers and entries the hub holds (for leak tests). */
  get activeHandles(): ChatHubHandles {
    const { online, pending, rooms } = this.#relay.presenceTotals();
    const heartbeat = this.#room.heartbeatActive;
    const connections = this.#room.size;
    return { connections, online, heartbeat, presenceTimer: pending, presenceRooms: rooms };
  }

  /**
   * A socket finished its handshake: it joins presence and the relay at once, and is welcomed
   * with history and who is online (the history read is async; what is relayed to it meanwhile
   * is held and sent after the welcome). Frames it sends are handled after its welcome.
   */
  onOpen(socket: WebSocket, join: ChatJoin): ChatConnection {
    const conn = connectionOf(socket, join, this.stats);
    // A hook's answer (ctx.postSystem) follows the frame being handled: queued behind it.
    conn.postSystem = (text) =>
      new Promise((resolve, reject) => {
        this.#enqueue(conn, () => this.postSystem(conn.room, text).then(resolve, reject));
      });
    this.#room.add(conn);
    this.#queues.set(conn, new SerialQueue());
    const presence = this.#relay.presenceIn(conn.room);
    if (!conn.reader) presence.join(conn.name);
    conn.presenceEpoch = presence.epoch;
    listenToSocket(conn, this.#socketListeners);
    if (logs('info')) {
      log.info('chat open', { connId: conn.id, transport: 'ws', remote: conn.remoteAddress });
    }
    this.#enqueue(conn, () => this.#welcome(conn, join.since));
    return conn;
  }

  onMessage(conn: ChatConnection, data: RawData, isBinary: boolean): void {
    // A frame read after the close began (shutdown, 1001) could be stored but never acked:
    // drop it unstored. The client still holds it as pending and resends it, with its
    // clientMsgId, after reconnecting (docs/durability.md).
    if (!conn.isOpen || this.#closing || this.#flooded.has(conn)) return;
    const decision = conn.limiter.take();
    if (decision === 'flood') {
      // After the frames read before it, as when they were handled in one tick.
      this.#flooded.add(conn);
      this.#enqueue(conn, () =>
        conn.socket.close(CloseCode.PolicyViolation, 'rate limit exceeded'),
      );
      return;
    }
    if (decision === 'limited') {
      if (conn.limiter.dropped === 1) {
        this.#enqueue(conn, () =>
          conn.sendError(
            ChatErrorCode.RateLimited,
            'too many frames; slow down or be disconnected',
          ),
        );
      }
      return;
    }
    this.#enqueue(conn, () => this.#handleFrame(conn, data, isBinary));
  }

  onClose(conn: ChatConnection, code: number): void {
    if (!this.#room.delete(conn)) return;
    if (!conn.reader) this.#relay.presenceIn(conn.room).leave(conn.name);
    this.#relay.forgetPresence(conn.room, () => this.#room.in(conn.room).size === 0);
    if (logs('info')) {
      log.info('chat close', {
        connId: conn.id,
        transport: 'ws',
        remote: conn.remoteAddress,
        code,
        ...(conn.closeReason ? { reason: conn.closeReason } : {}),
        durationMs: Date.now() - conn.openedAt,
      });
    }
    if (this.#opened.has(conn)) this.#hooks.onClose(conn.hookContext, code);
  }

  onError(conn: ChatConnection, error: unknown): void {
    log.warn('chat error', { connId: conn.id, transport: 'ws', ...errorFields(error) });
    if (this.#hooksFor.error) this.#hooks.onError(conn.hookContext, error);
  }

  /**
   * Stops taking frames and the timers, lets the frames already read be stored, relayed and
   * acked (at most CHAT_SHUTDOWN_SETTLE_MAX_MS), then closes every socket with `code` (1001 on
   * shutdown).
   */
  async closeAll(
    code: number = CloseCode.GoingAway,
    reason = 'server shutting down',
  ): Promise<void> {
    this.#closing = true;
    this.#room.stopHeartbeat();
    this.#relay.stop();
    const settled = Promise.all(
      [...this.#room.connections].map((conn) => this.#queues.get(conn)?.settled()),
    );
    await waitAtMost(settled, CHAT_SHUTDOWN_SETTLE_MAX_MS);
    for (const conn of this.#room.connections) conn.socket.close(code, reason);
  }

  /**
   * Posts `text` in chat room `room` as the system author (`Pulseboard`, `"system": true`),
   * stored then relayed to the room on every instance; nobody can edit or delete it. Throws
   * TypeError for a malformed room or a blank text; rejects with the store's AppError.
   */
  postSystem(room: string, text: string): Promise<ChatMessage> {
    return this.#relay.postSystem(room, systemPostText(room, text));
  }

  /** Closes room `room`'s sockets (every instance's) with 4410; returns how many here. */
  closeRoom(room: string): number {
    return this.#relay.closeRoom(room);
  }

  /** A client's ping: answered after the frames read before it (see the class comment). */
  onPing(conn: ChatConnection, data: Buffer): void {
    if (conn.pendingPongs >= CHAT_PENDING_PONGS_MAX) {
      conn.socket.terminate();
      return;
    }
    conn.pendingPongs++;
    this.#enqueue(conn, () => {
      conn.pendingPongs--;
      if (conn.isOpen) conn.socket.pong(data);
    });
  }

  /** Runs `task` after every frame of `conn` read before it; failures are logged. */
  #enqueue(conn: ChatConnection, task: () => void | Promise<void>): void {
    const queue = this.#queues.get(conn);
    if (!queue) return;
    queue.push(task).catch((error: unknown) => this.onError(conn, error));
  }

  async #welcome(conn: ChatConnection, since: number | undefined): Promise<void> {
    let read: Awaited<ReturnType<typeof readWelcome>>;
    try {
      read = await readWelcome(this.#relay, conn.room, since);
    } catch (error) {
      this.onError(conn, error);
      conn.socket.close(CloseCode.TryAgainLater, 'the chat history could not be read');
      return;
    }
    const { history, presence } = read;
    if (!this.#room.connections.has(conn)) return; // closed while reading
    // The online list and the presence epoch of the same moment: later changes come as frames.
    const welcome = welcomeFrame(conn, history, presence);
    conn.sendWelcome(welcome, history.messages.at(-1)?.id);
    // A connection's hook context is made only for hooks that exist (most have none).
    if (this.#hooksFor.close) this.#opened.add(conn);
    if (this.#hooksFor.open) this.#hooks.onOpen(conn.hookContext);
  }

  async #handleFrame(conn: ChatConnection, data: RawData, isBinary: boolean): Promise<void> {
    // Read while open, but the socket closed while earlier frames were handled: as above.
    if (!conn.isOpen) return;
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
      await this.#handle(conn, parsed.frame);
    } catch (error) {
      this.onError(conn, error);
      const store = storeErrorCodeOf(error);
      if (store) conn.sendError(store, (error as AppError).message);
      else conn.sendError(ChatErrorCode.Internal, 'the message could not be stored; try again');
    }
  }

  async #handle(conn: ChatConnection, frame: ClientFrame): Promise<void> {
    if (conn.reader) {
      conn.sendError(ChatErrorCode.Forbidden, 'this socket only reads: join with a name to write');
      return;
    }
    if (frame.type === 'typing') {
      if (!conn.takeTypingSlot()) return;
      this.#relay.relayTyping(conn);
      return;
    }
    if (frame.type === 'delete') return this.#edits.remove(conn, frame.id);
    // An edit passes the same hooks as a message: it must not get round a filter.
    const text = screenText(this.#hooksFor.message ? this.#hooks : undefined, conn, frame.text);
    if (text === undefined) return;
    if (frame.type === 'edit') return this.#edits.edit(conn, frame.id, text);
    await this.#relay.storeRelayAck(conn, text, frame.clientMsgId);
  }
}
