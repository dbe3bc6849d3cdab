import type { ChatMessage } from '@/lib/protocol';

/**
 * One message to store. `sender` is who sent it, the scope of `clientMsgId`
 * (lib/chat/chat-sender.ts: `user:<name>`, `name:<name>`); it is stored, never returned.
 */
export type ChatAppendInput = {
  /** The room it is sent in: `general` or a board's slug (lib/protocol/chat-rooms.ts). */
  room: string;
  sender: string;
  name: string;
  text: string;
  clientMsgId?: string;
  ts?: number;
};

/**
 * The sender of system messages (ChatHub.postSystem, author SYSTEM_AUTHOR): a message stored
 * with a sender starting so is read back with `system: true`, and no client identity
 * (`user:`, `name:`, `key:`) can ever edit or delete it.
 */
export const SYSTEM_SENDER = 'system:pulseboard';

/** Whether a stored sender is the system's (its message is read with `system: true`). */
export function isSystemSender(sender: string): boolean {
  return sender.startsWith('system:');
}

/**
 * A message and the room it was sent in: what the chat tail reads (every room at once).
 * `deleted` marks one deleted since (its text cleared): the tail passes its id, relays nothing.
 */
export type RoomMessage = ChatMessage & { room: string; deleted?: true };

/**
 * `duplicate` is true when this sender already stored `clientMsgId`: its first row is returned.
 */
export type ChatAppendResult = { message: ChatMessage; duplicate: boolean };

/**
 * What an edit or a delete did: `done` (the edited message, or the deleted one's id), or why
 * not: `not_found` (no such message, or deleted), `forbidden` (another sender's message).
 */
export type ChatChangeResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not_found' | 'forbidden' };

/**
 * Chat messages, ordered by `id` (ids grow with commit order, one sequence for every room).
 * Each belongs to one room; every read but `tail` reads one room, and an edit or a delete of a
 * message of another room is `not_found`. Every method is async.
 */
export interface ChatStore {
  /**
   * Stores one message, or finds the one its sender stored with the same `clientMsgId` (another
   * sender's message with that key is not it); resolves after the commit.
   */
  append(input: ChatAppendInput): Promise<ChatAppendResult>;
  /**
   * Replaces the text of message `id` if `sender` wrote it and it is not deleted; sets its
   * `editedAt`. Resolves with the edited message after the commit.
   */
  edit(
    room: string,
    id: number,
    sender: string,
    text: string,
    editedAt: number,
  ): Promise<ChatChangeResult<ChatMessage>>;
  /**
   * Deletes message `id` if `sender` wrote it: its text is cleared and it leaves every read
   * (the row stays, so ids are never reused and a resent clientMsgId still finds it).
   */
  remove(room: string, id: number, sender: string): Promise<ChatChangeResult<number>>;
  /**
   * Up to `limit` messages with an id below `beforeId` (every id when undefined), the newest of
   * them, oldest first; `hasMore` when older ones exist.
   */
  before(
    room: string,
    beforeId: number | undefined,
    limit: number,
  ): Promise<{ messages: ChatMessage[]; hasMore: boolean }>;
  /** The newest `limit` messages, oldest first. Deleted messages are left out of every read. */
  recent(room: string, limit: number): Promise<ChatMessage[]>;
  /** Messages with `id > afterId`: the newest `limit` of them, oldest first. */
  after(
    room: string,
    afterId: number,
    limit: number,
  ): Promise<{ messages: ChatMessage[]; truncated: boolean }>;
  /**
   * Messages with `id > afterId` of every room, each with its room: the oldest `limit` of them,
   * in id order. What a reader that must miss none reads next (the chat tail of an instance
   * sharing the database).
   */
  tail(afterId: number, limit: number): Promise<RoomMessage[]>;
  /** The newest message id of any room (deleted ones included); 0 when none is stored. */
  newestId(): Promise<number>;
}
