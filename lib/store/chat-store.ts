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

/** Chat messages, ordered by `id` (ids grow with commit order). Every method is async. */
export interface ChatStore {
  /**
   * Stores one message, or finds the one its sender stored with the same `clientMsgId` (another
   * sender's message with that key is not it); resolves after the commit.
   */
  append(input: ChatAppendInput): Promise<ChatAppendResult>;
  /** The newest `limit` messages, oldest first. */
  recent(limit: number): Promise<ChatMessage[]>;
  /** Messages with `id > afterId`: the newest `limit` of them, oldest first. */
  after(afterId: number, limit: number): Promise<{ messages: ChatMessage[]; truncated: boolean }>;
  /**
   * Messages with `id > afterId`: the oldest `limit` of them, in id order. What a reader that
   * must miss none reads next (the chat tail of an instance sharing the database).
   */
  tail(afterId: number, limit: number): Promise<ChatMessage[]>;
}
