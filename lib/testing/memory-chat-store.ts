import type { ChatMessage } from '@/lib/protocol';
import {
  type ChatAppendInput,
  type ChatAppendResult,
  type ChatChangeResult,
  type ChatStore,
  isSystemSender,
  type RoomMessage,
} from '@/lib/store/chat-store';
import { memoryBusOf } from './memory-cluster-store';
import type { MemoryDatabase } from './memory-database';

/** {@link ChatStore} in memory. */
export class MemoryChatStore implements ChatStore {
  readonly #db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.#db = db;
  }

  async append(input: ChatAppendInput): Promise<ChatAppendResult> {
    const key =
      input.clientMsgId === undefined ? undefined : `${input.sender}\u0000${input.clientMsgId}`;
    const existing = key === undefined ? undefined : this.#db.messageKeys.get(key);
    if (existing) return { message: { ...existing }, duplicate: true };
    const message: ChatMessage = {
      id: ++this.#db.lastMessageId,
      name: input.name,
      text: input.text,
      ts: input.ts ?? Date.now(),
    };
    if (input.clientMsgId !== undefined) message.clientMsgId = input.clientMsgId;
    if (isSystemSender(input.sender)) message.system = true;
    this.#db.messages.push(message);
    this.#db.messageSenders.set(message.id, input.sender);
    this.#db.messageRooms.set(message.id, input.room);
    if (key !== undefined) this.#db.messageKeys.set(key, message);
    // Heard only by cluster stores on this database (openMemoryStores' `cluster`).
    memoryBusOf(this.#db).send({ kind: 'chat', id: message.id });
    return { message: { ...message }, duplicate: false };
  }

  async edit(
    room: string,
    id: number,
    sender: string,
    text: string,
    editedAt: number,
  ): Promise<ChatChangeResult<ChatMessage>> {
    const found = this.#find(room, id, sender);
    if (!found.ok) return found;
    found.value.text = text;
    found.value.editedAt = editedAt;
    return { ok: true, value: { ...found.value } };
  }

  async remove(room: string, id: number, sender: string): Promise<ChatChangeResult<number>> {
    const found = this.#find(room, id, sender);
    if (!found.ok) return found;
    found.value.text = '';
    this.#db.deletedMessages.add(id);
    return { ok: true, value: id };
  }

  async before(room: string, beforeId: number | undefined, limit: number) {
    const older = this.#live(room).filter((m) => beforeId === undefined || m.id < beforeId);
    return { messages: limit > 0 ? older.slice(-limit) : [], hasMore: older.length > limit };
  }

  async recent(room: string, limit: number): Promise<ChatMessage[]> {
    return limit > 0 ? this.#live(room).slice(-limit) : [];
  }

  async after(room: string, afterId: number, limit: number) {
    const later = this.#live(room).filter((m) => m.id > afterId);
    return { messages: limit > 0 ? later.slice(-limit) : [], truncated: later.length > limit };
  }

  async newestId(): Promise<number> {
    return this.#db.messages.at(-1)?.id ?? 0;
  }

  /** As the engines: every message after `afterId`, oldest first (the chat tail's read). */
  async tail(afterId: number, limit: number): Promise<RoomMessage[]> {
    return this.#db.messages
      .filter((m) => m.id > afterId)
      .slice(0, Math.max(0, limit))
      .map((m) => ({
        ...m,
        room: this.#roomOf(m.id),
        ...(this.#db.deletedMessages.has(m.id) ? { deleted: true as const } : {}),
      }));
  }

  /** Copies of the messages of `room` not deleted, by id. */
  #live(room: string): ChatMessage[] {
    return this.#db.messages
      .filter((m) => !this.#db.deletedMessages.has(m.id) && this.#roomOf(m.id) === room)
      .map((m) => ({ ...m }));
  }

  #roomOf(id: number): string {
    return this.#db.messageRooms.get(id) ?? 'general';
  }

  #find(room: string, id: number, sender: string): ChatChangeResult<ChatMessage> {
    const message = this.#db.messages.find((m) => m.id === id);
    const gone = !message || this.#db.deletedMessages.has(id) || this.#roomOf(id) !== room;
    if (!message || gone) return { ok: false, reason: 'not_found' };
    if (this.#db.messageSenders.get(id) !== sender) return { ok: false, reason: 'forbidden' };
    return { ok: true, value: message };
  }
}
