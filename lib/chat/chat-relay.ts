import { AppError } from '@/lib/errors';
import {
  CHAT_HISTORY_DEFAULT_MESSAGES,
  CHAT_HISTORY_MAX_MESSAGES,
  type ChatErrorCode,
  type ChatMessage,
  ChatErrorCode as Codes,
} from '@/lib/protocol';
import type { ChatStore } from '@/lib/store/chat-store';
import type { ChatConnection, ChatStats } from './chat-connection';
import type { ChatRoom } from './chat-room';
import { MessageRate } from './message-rate';
import { SerialQueue } from './serial-queue';

/**
 * Stores a message, relays it to the others and acks the sender, one message at a time across
 * every connection (a hub-wide queue): relays leave in id order and an ack never comes before
 * the relay. Chat rates are small, so one store call at a time costs nothing; it also reads the
 * history a welcome carries.
 */
export class ChatRelay {
  readonly #store: ChatStore;
  readonly #room: ChatRoom;
  readonly #stats: ChatStats;
  readonly #queue = new SerialQueue();
  /** Messages stored, for the last-minute count. */
  readonly rate = new MessageRate();

  constructor(store: ChatStore, room: ChatRoom, stats: ChatStats) {
    this.#store = store;
    this.#room = room;
    this.#stats = stats;
  }

  /**
   * Stores `text` from `conn`, relays it (unless `conn`'s sender already sent `clientMsgId`),
   * then acks it.
   */
  storeRelayAck(
    conn: ChatConnection,
    text: string,
    clientMsgId: string | undefined,
  ): Promise<void> {
    return this.#queue.push(async () => {
      // append() resolves after the transaction committed (synchronous = FULL): the relay and
      // the ack below are only ever sent for a message that is durably stored, relay first.
      const { message, duplicate } = await this.#store.append({
        sender: conn.sender,
        name: conn.name,
        text,
        ...(clientMsgId ? { clientMsgId } : {}),
      });
      if (!duplicate) {
        this.rate.record();
        this.#stats.messagesStored++;
        this.#stats.messagesRelayed += this.#room.broadcast(
          JSON.stringify({ type: 'message', ...message }),
          conn,
          message.id,
        );
      }
      conn.send({ type: 'ack', clientMsgId: clientMsgId ?? null, id: message.id, ts: message.ts });
    });
  }

  /** The welcome's history: the newest messages, or those after `since` (at most 500). */
  history(since: number | undefined): Promise<{ messages: ChatMessage[]; truncated: boolean }> {
    if (since === undefined) {
      return this.#store
        .recent(CHAT_HISTORY_DEFAULT_MESSAGES)
        .then((messages) => ({ messages, truncated: false }));
    }
    return this.#store.after(since, CHAT_HISTORY_MAX_MESSAGES);
  }
}

const STORE_ERROR_CODES: ReadonlySet<string> = new Set([
  Codes.StoreFull,
  Codes.StoreReadOnly,
  Codes.StoreUnavailable,
  Codes.StoreBusy,
]);

/** The chat error code of a storage failure (full, read-only, ...), or undefined. */
export function storeErrorCodeOf(error: unknown): ChatErrorCode | undefined {
  if (!(error instanceof AppError) || !STORE_ERROR_CODES.has(error.code)) return undefined;
  return error.code as ChatErrorCode;
}
