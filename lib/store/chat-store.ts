import type { ChatMessage } from '@/lib/protocol';

export type ChatAppendInput = { name: string; text: string; clientMsgId?: string; ts?: number };

/** `duplicate` is true when `clientMsgId` was already stored: the first row is returned. */
export type ChatAppendResult = { message: ChatMessage; duplicate: boolean };

/** Chat messages, ordered by `id`. */
export interface ChatStore {
  append(input: ChatAppendInput): ChatAppendResult;
  /** The newest `limit` messages, oldest first. */
  recent(limit: number): ChatMessage[];
  /** Messages with `id > afterId`: the newest `limit` of them, oldest first. */
  after(afterId: number, limit: number): { messages: ChatMessage[]; truncated: boolean };
}
