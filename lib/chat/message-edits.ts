import { ChatErrorCode } from '@/lib/protocol';
import type { ChatChangeResult, ChatStore } from '@/lib/store/chat-store';
import type { ChatConnection } from './chat-connection';
import type { ChatRoom } from './chat-room';
import { SerialQueue } from './serial-queue';

/**
 * Edits and deletes of chat messages (issue 13): stored first, then relayed to every connection
 * of the message's room (a connection changes messages of its own room only; another room's id
 * is `not_found`), the author's own included (its confirmation), as `message_edited` /
 * `message_deleted`. Only the author's identity (its sender: key, session user or claimed name) may change a message; others
 * get an error frame `forbidden`, a message that does not exist (or was deleted) `not_found`.
 * One change at a time (a queue), so relays leave in commit order.
 */
export class MessageEdits {
  readonly #store: ChatStore;
  readonly #room: ChatRoom;
  readonly #onChanged: (room: string, id: number) => void;
  readonly #queue = new SerialQueue();

  /** `onChanged`: after each change is stored and relayed here (the other instances are told). */
  constructor(
    store: ChatStore,
    room: ChatRoom,
    onChanged: (room: string, id: number) => void = () => {},
  ) {
    this.#store = store;
    this.#room = room;
    this.#onChanged = onChanged;
  }

  /** Replaces the text of message `id` (already checked and screened by the hub's hooks). */
  edit(conn: ChatConnection, id: number, text: string, now = Date.now()): Promise<void> {
    return this.#queue.push(async () => {
      const result = await this.#store.edit(conn.room, id, conn.sender, text, now);
      if (!result.ok) return refuse(conn, id, result, 'edit');
      const { editedAt = now } = result.value;
      this.#room.broadcast(
        conn.room,
        JSON.stringify({ type: 'message_edited', id, text: result.value.text, editedAt }),
      );
      this.#onChanged(conn.room, id);
    });
  }

  /** Deletes message `id`. */
  remove(conn: ChatConnection, id: number): Promise<void> {
    return this.#queue.push(async () => {
      const result = await this.#store.remove(conn.room, id, conn.sender);
      if (!result.ok) return refuse(conn, id, result, 'delete');
      this.#room.broadcast(conn.room, JSON.stringify({ type: 'message_deleted', id }));
      this.#onChanged(conn.room, id);
    });
  }
}

function refuse(
  conn: ChatConnection,
  id: number,
  result: ChatChangeResult<unknown> & { ok: false },
  verb: 'edit' | 'delete',
): void {
  if (result.reason === 'forbidden') {
    conn.sendError(ChatErrorCode.Forbidden, `message ${id} is not yours to ${verb}`);
  } else {
    conn.sendError(ChatErrorCode.NotFound, `there is no message ${id} to ${verb}`);
  }
}
