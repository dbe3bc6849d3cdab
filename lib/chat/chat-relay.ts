import { AppError } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import {
  CHAT_HISTORY_DEFAULT_MESSAGES,
  CHAT_HISTORY_MAX_MESSAGES,
  type ChatErrorCode,
  type ChatMessage,
  ChatErrorCode as Codes,
} from '@/lib/protocol';
import type { ChatStore } from '@/lib/store/chat-store';
import {
  type ClusterHint,
  type ClusterStore,
  SINGLE_PROCESS_CLUSTER,
} from '@/lib/store/cluster-store';
import type { ChatConnection, ChatStats } from './chat-connection';
import type { ChatRoom } from './chat-room';
import { ChatTail } from './chat-tail';
import { MessageRate } from './message-rate';
import type { Presence } from './presence';
import { SerialQueue } from './serial-queue';
import { presenceOf } from './shared-presence';

/**
 * Stores a message, relays it to the others and acks the sender, one message at a time across
 * every connection (a hub-wide queue): relays leave in id order and an ack never comes before
 * the relay. Chat rates are small, so one store call at a time costs nothing; it also reads the
 * history a welcome carries.
 *
 * With a shared database (`cluster.shared`: PostgreSQL, N instances) the relay is the chat
 * tail (./chat-tail.ts), run in the same queue: woken by the `chat` hints of every instance's
 * commits (and the fallback check), it relays every message in id order; a sender is acked once
 * the tail has passed its message. Typing is relayed here and hinted to the other instances,
 * and presence is cluster-wide (./shared-presence.ts). On one process (SQLite) the message is
 * relayed straight from the append, and presence is local, as they always were.
 */
export class ChatRelay {
  readonly #store: ChatStore;
  readonly #room: ChatRoom;
  readonly #stats: ChatStats;
  readonly #queue = new SerialQueue();
  readonly #cluster: ClusterStore;
  readonly #tail: ChatTail | undefined;
  readonly #unsubscribe: () => void;
  /** A tail read is queued and not started: more wake-ups join it. */
  #wakeQueued = false;
  /** Messages stored, for the last-minute count. */
  readonly rate = new MessageRate();
  /** Who is online (across the instances when the database is shared); frames to `room`. */
  readonly presence: Presence;

  constructor(
    store: ChatStore,
    room: ChatRoom,
    stats: ChatStats,
    cluster: ClusterStore = SINGLE_PROCESS_CLUSTER,
  ) {
    this.#store = store;
    this.#room = room;
    this.#stats = stats;
    this.#cluster = cluster;
    this.presence = presenceOf(cluster, (change) => room.broadcastPresence(change));
    this.#tail = cluster.shared ? new ChatTail(store, room, stats) : undefined;
    this.#unsubscribe = cluster.subscribe((hint) => this.#onHint(hint));
    this.#wake();
  }

  /** Stops presence frames and listening to the other instances (shutdown). */
  stop(): void {
    this.presence.stop();
    this.#unsubscribe();
  }

  /** Relays `conn`'s typing to the others here and, sharing the database, on every instance. */
  relayTyping(conn: ChatConnection): void {
    this.#room.broadcast(JSON.stringify({ type: 'typing', name: conn.name }), conn);
    if (!this.#cluster.shared) return;
    this.#cluster.announceTyping(conn.name).catch((error: unknown) => {
      log.debug('chat typing hint not sent', errorFields(error));
    });
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
      }
      if (this.#tail) {
        // The tail relays every message up to this one (a duplicate stored by another instance
        // included, to this sender as well), then the ack.
        await this.#tail.catchUp(duplicate ? undefined : { id: message.id, conn });
      } else if (!duplicate) {
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

  // Issue 13's edit and delete plug in here: a `message-changed` hint (`m:<id>`) would queue a
  // read of message `id` and relay its `message_edited` / `message_deleted` frame in this queue.
  #onHint(hint: ClusterHint): void {
    if (hint.kind === 'chat') this.#wake(hint.id);
    else if (hint.kind === 'resync') this.#wake();
    else if (hint.kind === 'typing') {
      this.#room.broadcast(JSON.stringify({ type: 'typing', name: hint.name }));
    }
  }

  /** Queues one tail read, unless `committedId` is already relayed or a read is queued. */
  #wake(committedId?: number): void {
    const tail = this.#tail;
    if (!tail || this.#wakeQueued) return;
    if (committedId !== undefined && committedId <= tail.lastId) return;
    this.#wakeQueued = true;
    this.#queue
      .push(() => {
        this.#wakeQueued = false;
        return tail.catchUp();
      })
      .catch((error: unknown) => log.warn('chat tail read failed', errorFields(error)));
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
