import type { ChatMessage } from '@/lib/protocol';

export type ChatAppendInput = { name: string; text: string; clientMsgId?: string; ts?: number };

/** `duplicate` is true when `clientMsgId` was already stored: the first row is returned. */
export type ChatAppendResult = { message: ChatMessage; duplicate: boolean };

/** Chat messages, ordered by `id` (ids grow with commit order). Every method is async. */
export interface ChatStore {
  /** Stores one message (or finds the one stored with its `clientMsgId`); resolves after the commit. */
  append(input: ChatAppendInput): Promise<ChatAppendResult>;
  /** The newest `limit` messages, oldest first. */
  recent(limit: number): Promise<ChatMessage[]>;
  /** Messages with `id > afterId`: the newest `limit` of them, oldest first. */
  after(afterId: number, limit: number): Promise<{ messages: ChatMessage[]; truncated: boolean }>;
}
