import type { ChatMessage } from '@/lib/protocol';

/**
 * One message to store. `sender` is who sent it, the scope of `clientMsgId`
 * (lib/chat/chat-sender.ts: `user:<name>`, `name:<name>`); it is stored, never returned.
 */
export type ChatAppendInput = {
  sender: string;
  name: string;
  text: string;
  clientMsgId?: string;
  ts?: number;
};

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
 * Chat messages, ordered by `id` (ids grow with commit order). Every method is async. */
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
    id: number,
    sender: string,
    text: string,
    editedAt: number,
  ): Promise<ChatChangeResult<ChatMessage>>;
  /**
   * Deletes message `id` if `sender` wrote it: its text is cleared and it leaves every read
   * (the row stays, so ids are never reused and a resent clientMsgId still finds it).
   */
  remove(id: number, sender: string): Promise<ChatChangeResult<number>>;
  /**
   * Up to `limit` messages with an id below `beforeId` (every id when undefined), the newest of
   * them, oldest first; `hasMore` when older ones exist.
   */
  before(
    beforeId: number | undefined,
    limit: number,
  ): Promise<{ messages: ChatMessage[]; hasMore: boolean }>;
  /** The newest `limit` messages, oldest first. Deleted messages are left out of every read. */
  recent(limit: number): Promise<ChatMessage[]>;
  /** Messages with `id > afterId`: the newest `limit` of them, oldest first. */
  after(afterId: number, limit: number): Promise<{ messages: ChatMessage[]; truncated: boolean }>;
  /**
   * Messages with `id > afterId`: the oldest `limit` of them, in id order. What a reader that
   * must miss none reads next (the chat tail of an instance sharing the database).
   */
  tail(afterId: number, limit: number): Promise<ChatMessage[]>;
}
