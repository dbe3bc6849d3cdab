import type { ChatStore } from '@/lib/store/chat-store';
import type { ChatConnection, ChatStats } from './chat-connection';
import type { ChatRoom } from './chat-room';

/** Most messages one tail read takes (it reads again until it has caught up). */
export const CHAT_TAIL_BATCH_MAX_MESSAGES = 500;

/** A message this instance stored, and the connection that sent it (not relayed back to it). */
export type OwnMessage = { id: number; conn: ChatConnection };

/**
 * The chat tail of an instance sharing its database with others (PostgreSQL): every message
 * committed by any instance is read from the store in id order, each with its room, and relayed
 * to this instance's sockets of that room, once. Ids follow commit order (the engine's contract), so a read after the commit
 * of message N sees every message up to N: the caller acks N only after `catchUp` has passed
 * it, and no client sees its ack before a smaller id it has not got. Not reentrant: the relay
 * runs it in its one queue.
 */
export class ChatTail {
  readonly #store: ChatStore;
  readonly #room: ChatRoom;
  readonly #stats: ChatStats;
  #lastId = 0;
  #started = false;

  constructor(store: ChatStore, room: ChatRoom, stats: ChatStats) {
    this.#store = store;
    this.#room = room;
    this.#stats = stats;
  }

  /** The newest id relayed (every message up to it has been). */
  get lastId(): number {
    return this.#lastId;
  }

  /**
   * Relays every message committed after the tail, in id order; `own` skips its sender. The
   * first call starts the tail at the newest message stored then (older ones are history).
   */
  async catchUp(own?: OwnMessage): Promise<void> {
    if (!this.#started) {
      const newest = await this.#store.newestId();
      // Own message N is stored, so N is at most `newest`: start before it, to ack it.
      this.#lastId = Math.min(newest, own ? own.id - 1 : Number.POSITIVE_INFINITY);
      this.#started = true;
    }
    for (;;) {
      const batch = await this.#store.tail(this.#lastId, CHAT_TAIL_BATCH_MAX_MESSAGES);
      for (const message of batch) {
        this.#lastId = message.id;
        // Deleted before this instance read it: nothing to show (its text is gone).
        if (message.deleted) continue;
        const except = message.id === own?.id ? own.conn : undefined;
        const { room, deleted: _, ...wire } = message;
        this.#stats.messagesRelayed += this.#room.broadcast(
          room,
          JSON.stringify({ type: 'message', ...wire }),
          except,
          message.id,
        );
      }
      if (batch.length < CHAT_TAIL_BATCH_MAX_MESSAGES) return;
    }
  }
}
