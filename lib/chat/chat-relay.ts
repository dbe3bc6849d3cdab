import { AppError } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import {
  CHAT_HISTORY_DEFAULT_MESSAGES,
  CHAT_HISTORY_MAX_MESSAGES,
  type ChatErrorCode,
  type ChatMessage,
  CloseCode,
  ChatErrorCode as Codes,
  SYSTEM_AUTHOR,
} from '@/lib/protocol';
import { type ChatStore, SYSTEM_SENDER } from '@/lib/store/chat-store';
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
  /**
   * Who is online in each chat room that has had a connection (across the instances when the
   * database is shared); its frames go to that room's connections. Kept while the process
   * runs: a room's presence holds no timer once it is quiet, and rooms are bounded by boards.
   */
  readonly #presence = new Map<string, Presence>();

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
    this.#tail = cluster.shared ? new ChatTail(store, room, stats) : undefined;
    this.#unsubscribe = cluster.subscribe((hint) => this.#onHint(hint));
    this.#wake();
  }

  /** Who is online in chat room `room` (made on first use). */
  presenceIn(room: string): Presence {
    let presence = this.#presence.get(room);
    if (!presence) {
      presence = presenceOf(this.#cluster, room, (change) =>
        this.#room.broadcastPresence(room, change),
      );
      this.#presence.set(room, presence);
    }
    return presence;
  }

  /**
   * Drops room `room`'s presence once `empty()` (no socket of the room here) and it has nothing
   * left to publish: a room nobody here is in costs no read on each presence hint. A publish
   * that failed keeps it (retried at the next hint, as before).
   */
  forgetPresence(room: string, empty: () => boolean): void {
    const presence = this.#presence.get(room);
    if (!presence) return;
    void presence.settled().then(() => {
      if (!empty() || this.#presence.get(room) !== presence || !presence.idle) return;
      presence.stop();
      this.#presence.delete(room);
    });
  }

  /** Names online summed over the rooms, and whether any room has a presence frame due. */
  presenceTotals(): { online: number; pending: boolean; rooms: number } {
    let online = 0;
    let pending = false;
    for (const presence of this.#presence.values()) {
      online += presence.onlineCount;
      pending ||= presence.pending;
    }
    return { online, pending, rooms: this.#presence.size };
  }

  /** Stops presence frames and listening to the other instances (shutdown). */
  stop(): void {
    for (const presence of this.#presence.values()) presence.stop();
    this.#unsubscribe();
  }

  /**
   * Closes the sockets of chat room `room` here with 4410 `board deleted` and, sharing the
   * database, tells the other instances to close theirs; returns how many closed here.
   */
  closeRoom(room: string): number {
    if (this.#cluster.shared) {
      this.#cluster.announceRoomGone(room).catch((error: unknown) => {
        log.warn('chat room-gone hint not sent', { room, ...errorFields(error) });
      });
    }
    return this.#room.closeRoom(room, ...ROOM_GONE_CLOSE);
  }

  /** Sharing the database: tells the other instances that message `id` of `room` changed. */
  announceChange(room: string, id: number): void {
    if (!this.#cluster.shared) return;
    this.#cluster.announceMessageChanged(room, id).catch((error: unknown) => {
      log.warn('chat message-changed hint not sent', { room, id, ...errorFields(error) });
    });
  }

  /**
   * Relays `conn`'s typing to the others of its room here and, sharing the database, on every
   * instance.
   */
  relayTyping(conn: ChatConnection): void {
    this.#room.broadcast(conn.room, JSON.stringify({ type: 'typing', name: conn.name }), conn);
    if (!this.#cluster.shared) return;
    this.#cluster.announceTyping(conn.room, conn.name).catch((error: unknown) => {
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
        room: conn.room,
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
          conn.room,
          JSON.stringify({ type: 'message', ...message }),
          conn,
          message.id,
        );
      }
      conn.send({ type: 'ack', clientMsgId: clientMsgId ?? null, id: message.id, ts: message.ts });
    });
  }

  /**
   * Stores `text` in `room` by the system author (SYSTEM_AUTHOR, `system: true`) and relays it
   * to every connection of the room (on every instance, through the tail, when the database is
   * shared). Resolves with the stored message once it is relayed here.
   */
  postSystem(room: string, text: string): Promise<ChatMessage> {
    return this.#queue.push(async () => {
      const { message } = await this.#store.append({
        room,
        sender: SYSTEM_SENDER,
        name: SYSTEM_AUTHOR,
        text,
      });
      this.rate.record();
      this.#stats.messagesStored++;
      if (this.#tail) await this.#tail.catchUp();
      else {
        this.#stats.messagesRelayed += this.#room.broadcast(
          room,
          JSON.stringify({ type: 'message', ...message }),
          undefined,
          message.id,
        );
      }
      return message;
    });
  }

  /**
   * The welcome's history in `room`: the newest messages, or those after `since` (at most
   * 500).
   */
  history(
    room: string,
    since: number | undefined,
  ): Promise<{ messages: ChatMessage[]; truncated: boolean }> {
    if (since === undefined) {
      return this.#store
        .recent(room, CHAT_HISTORY_DEFAULT_MESSAGES)
        .then((messages) => ({ messages, truncated: false }));
    }
    return this.#store.after(room, since, CHAT_HISTORY_MAX_MESSAGES);
  }

  #onHint(hint: ClusterHint): void {
    if (hint.kind === 'chat') this.#wake(hint.id);
    else if (hint.kind === 'message-changed') this.#relayChange(hint.room, hint.id);
    else if (hint.kind === 'resync') this.#wake();
    else if (hint.kind === 'room-gone') this.#room.closeRoom(hint.room, ...ROOM_GONE_CLOSE);
    else if (hint.kind === 'typing') {
      this.#room.broadcast(hint.room, JSON.stringify({ type: 'typing', name: hint.name }));
    }
  }

  /**
   * Another instance edited or deleted message `id` of `room`: reads it again (in the relay's
   * queue, so after the messages already being relayed) and relays `message_edited`, or
   * `message_deleted` when it is gone from the room's reads.
   */
  #relayChange(room: string, id: number): void {
    this.#queue
      .push(async () => {
        const { messages } = await this.#store.before(room, id + 1, 1);
        const message = messages[0];
        const frame =
          message?.id === id
            ? { type: 'message_edited', id, text: message.text, editedAt: message.editedAt }
            : { type: 'message_deleted', id };
        this.#room.broadcast(room, JSON.stringify(frame));
      })
      .catch((error: unknown) => log.warn('chat change read failed', errorFields(error)));
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

/** The close of a socket whose room's board was deleted. */
const ROOM_GONE_CLOSE = [CloseCode.RoomGone, 'board deleted'] as const;

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
