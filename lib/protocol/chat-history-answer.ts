import type { ChatMessage } from './chat-frames';

/** The chat history page endpoint. */
export const CHAT_MESSAGES_PATH = '/api/chat/messages';
/** Most messages one `GET /api/chat/messages` answers (`limit`), and its default. */
export const CHAT_PAGE_MAX_MESSAGES = 100;
export const CHAT_PAGE_DEFAULT_MESSAGES = 50;

/**
 * `GET /api/chat/messages?room=<room>&before=<id>&limit=<n>`: up to `limit` messages with an id below
 * `before` (the newest when `before` is absent), oldest first; `hasMore` when older ones exist.
 */
export type ChatHistoryAnswer = {
  messages: ChatMessage[];
  hasMore: boolean;
  /** The room read (`?room=`), when it is not `general` (absent there, as before rooms). */
  room?: string;
};
