import type { WebSocket } from 'ws';
import { ErrorTally } from '@/lib/errors';
import type { ChatHookContext } from '@/lib/hooks/hook-types';
import {
  type ChatErrorCode,
  type ChatMessage,
  CloseCode,
  GENERAL_ROOM,
  type ServerFrame,
} from '@/lib/protocol';
import { type ChatSender, claimedNameSender } from './chat-sender';
import { RateLimiter } from './rate-limiter';

/** Bytes a chat socket may have queued unsent before it is closed as too slow. */
export const CHAT_SEND_BUFFER_MAX_BYTES = 1024 * 1024;
/**
 * How long a socket closed as a slow reader (1013) may take to finish the close handshake, in
 * milliseconds; then it is cut, freeing its send buffer (ws alone would wait 30 s).
 */
export const CHAT_SLOW_READER_CLOSE_TIMEOUT_MS = 2000;
/** Shortest time between two relayed `typing` frames of one connection, in milliseconds. */
export const CHAT_TYPING_MIN_INTERVAL_MS = 1000;

/** A frame held back until the welcome is sent; `messageId` is set on relayed messages. */
type HeldFrame = { data: string | Buffer; byteLength: number; messageId: number | undefined };

/** Counters shared by every connection of a hub. */
export type ChatStats = {
  framesSent: number;
  bytesSent: number;
  messagesStored: number;
  /** Message frames delivered to other connections. */
  messagesRelayed: number;
  slowReadersDropped: number;
  /** Error frames sent, by code. */
  errors: ErrorTally;
};

/** Fresh, zeroed counters. */
export function createChatStats(): ChatStats {
  return {
    framesSent: 0,
    bytesSent: 0,
    messagesStored: 0,
    messagesRelayed: 0,
    slowReadersDropped: 0,
    errors: new ErrorTally(),
  };
}

/** One open chat socket and its per-connection state. */
export class ChatConnection {
  readonly id: string;
  readonly name: string;
  /** Who sends this socket's messages: the scope of their `clientMsgId` (./chat-sender.ts). */
  readonly sender: ChatSender;
  readonly socket: WebSocket;
  readonly remoteAddress: string | undefined;
  /** The chat room it joined (`?room=`): `general` or a board's slug. */
  readonly room: string;
  /** How a hook's `ctx.postSystem` posts in this room (set by the hub). */
  postSystem: (text: string) => Promise<ChatMessage> = () =>
    Promise.reject(new Error('this connection cannot post system messages'));
  readonly openedAt = Date.now();
  readonly limiter = new RateLimiter();
  /** Watches without a name (`?read=1`): not in presence, may not send. */
  reader = false;
  /** Presence epoch at welcome: changes up to it are already known to this client. */
  presenceEpoch = 0;
  /** Cleared on each ping, set on each pong. */
  alive = true;
  /** The client's pings waiting for their pong (answered in frame order). */
  pendingPongs = 0;
  /** Why the server closed this socket, for the `chat close` log line; unset when the client did. */
  closeReason: 'slow_reader' | undefined;
  #lastTypingAt = Number.NEGATIVE_INFINITY;
  /** Frames sent before the welcome (its history is read async): sent right after it. */
  #held: HeldFrame[] | undefined;
  #heldBytes = 0;
  /** The newest message id of the welcome's history: relays up to it are not sent again. */
  #historyLastId = 0;

  readonly #stats: ChatStats;
  #hookContext: ChatHookContext | undefined;

  constructor(
    id: string,
    name: string,
    socket: WebSocket,
    remoteAddress: string | undefined,
    stats: ChatStats,
    sender: ChatSender = claimedNameSender(name),
    room: string = GENERAL_ROOM,
  ) {
    this.room = room;
    this.#stats = stats;
    this.sender = sender;
    this.id = id;
    this.name = name;
    this.socket = socket;
    this.remoteAddress = remoteAddress;
  }

  /** What hooks see of this connection: made on first use (without hooks, never). */
  get hookContext(): ChatHookContext {
    this.#hookContext ??= {
      connectionId: this.id,
      name: this.name,
      remoteAddress: this.remoteAddress,
      room: this.room,
      send: (frame) => {
        this.send(frame);
      },
      postSystem: (text) => this.postSystem(text),
    };
    return this.#hookContext;
  }

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** Whether frames are held back for the welcome (see {@link holdUntilWelcome}). */
  get welcoming(): boolean {
    return this.#held !== undefined;
  }

  /**
   * Holds every frame sent from now on until {@link sendWelcome}, so the welcome is the first
   * frame the client gets whatever is relayed while its history is read.
   */
  holdUntilWelcome(): void {
    this.#held ??= [];
  }

  /**
   * Whether the client already has message `id` from its welcome's history: relays come in id
   * order, so one with an id up to the history's newest is a repeat (it was committed before the
   * history was read, and relayed after).
   */
  hasInHistory(id: number): boolean {
    return id <= this.#historyLastId;
  }

  /**
   * Sends the welcome, then the frames held meanwhile, leaving out relayed messages the
   * welcome's history already holds (id at most `historyLastId`); later relays of those are
   * left out too (see {@link hasInHistory}).
   */
  sendWelcome(welcome: ServerFrame, historyLastId: number | undefined): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    this.#heldBytes = 0;
    this.#historyLastId = historyLastId ?? 0;
    this.send(welcome);
    for (const frame of held) {
      if (frame.messageId !== undefined && this.hasInHistory(frame.messageId)) {
        this.#stats.messagesRelayed--;
        continue;
      }
      this.sendRaw(frame.data, frame.byteLength);
    }
  }

  /**
   * Sends pre-serialised JSON (a string, or a UTF-8 Buffer that many sockets may share) as a
   * text frame; false when the socket is closed or too far behind. Before the welcome the frame
   * is held (`messageId`: the relayed message it carries), within the same byte cap.
   */
  sendRaw(
    data: string | Buffer,
    byteLength = Buffer.byteLength(data),
    messageId?: number,
  ): boolean {
    if (!this.isOpen) return false;
    if (this.#held) {
      if (this.#heldBytes + byteLength > CHAT_SEND_BUFFER_MAX_BYTES) return false;
      this.#held.push({ data, byteLength, messageId });
      this.#heldBytes += byteLength;
      return true;
    }
    if (this.socket.bufferedAmount > CHAT_SEND_BUFFER_MAX_BYTES) return false;
    // A Buffer of JSON still goes out as a text frame.
    this.socket.send(data, { binary: false });
    this.#stats.framesSent++;
    this.#stats.bytesSent += byteLength;
    return true;
  }

  /**
   * Closes the socket 1013 because its send buffer passed CHAT_SEND_BUFFER_MAX_BYTES, and cuts
   * it if the close has not completed within CHAT_SLOW_READER_CLOSE_TIMEOUT_MS.
   */
  dropAsSlowReader(): void {
    this.#stats.slowReadersDropped++;
    this.closeReason = 'slow_reader';
    this.socket.close(CloseCode.TryAgainLater, 'too slow to keep up');
    const timer = setTimeout(() => this.socket.terminate(), CHAT_SLOW_READER_CLOSE_TIMEOUT_MS);
    this.socket.once('close', () => clearTimeout(timer));
  }

  send(frame: ServerFrame): boolean {
    return this.sendRaw(JSON.stringify(frame));
  }

  sendError(code: ChatErrorCode, message: string): void {
    this.#stats.errors.count(code);
    this.send({ type: 'error', code, message });
  }

  /** Whether a typing frame may be relayed now (at most one per CHAT_TYPING_MIN_INTERVAL_MS). */
  takeTypingSlot(now = performance.now()): boolean {
    if (now - this.#lastTypingAt < CHAT_TYPING_MIN_INTERVAL_MS) return false;
    this.#lastTypingAt = now;
    return true;
  }
}
