/**
 * Limits that both the server and the browser need to know. Each name carries its unit.
 * Server-only limits (rates, timers) live beside the module that enforces them; the ingest and
 * range limits live in ingest-rules.ts and range-limits.ts.
 */

/** Longest chat name, in characters (after trimming). */
export const CHAT_NAME_MAX_CHARS = 32;
/** Longest chat message text, in characters (after trimming). */
export const CHAT_TEXT_MAX_CHARS = 2000;
/** Longest `clientMsgId`, in characters. */
export const CHAT_CLIENT_MSG_ID_MAX_CHARS = 64;
/** Largest chat frame the server accepts, in bytes; a larger one closes the socket with 1009. */
export const CHAT_FRAME_MAX_BYTES = 16 * 1024;
/** Messages sent in `welcome.history` when the client gives no `since`. */
export const CHAT_HISTORY_DEFAULT_MESSAGES = 50;
/** Most messages sent in `welcome.history` for a `since` catch-up (the newest are kept). */
export const CHAT_HISTORY_MAX_MESSAGES = 500;
/** Most names listed in `welcome.online` and in each `presence` list. */
export const CHAT_ONLINE_LIST_MAX_NAMES = 200;

/** Default and largest snapshot window of the SSE stream, in seconds. */
export const STREAM_WINDOW_DEFAULT_S = 300;
export const STREAM_WINDOW_MAX_S = 3600;
