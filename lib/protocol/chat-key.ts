/** Shortest chat identity key (`/ws/chat?key=`), in characters. */
export const CHAT_KEY_MIN_CHARS = 8;
/** Longest chat identity key (`/ws/chat?key=`), in characters. */
export const CHAT_KEY_MAX_CHARS = 64;

const KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

/** A chat identity key, or why it is refused. */
export type ChatKeyResult = { ok: true; key: string } | { ok: false; message: string };

/**
 * Checks a chat identity key (`/ws/chat?key=`): CHAT_KEY_MIN_CHARS to CHAT_KEY_MAX_CHARS
 * URL-safe characters (`A-Z a-z 0-9 - _`). The key proves a tab is the one that holds its name
 * and wrote its messages; the browser makes a random one per tab.
 */
export function parseChatKey(raw: string): ChatKeyResult {
  if (raw.length < CHAT_KEY_MIN_CHARS || raw.length > CHAT_KEY_MAX_CHARS) {
    return {
      ok: false,
      message: `key must be ${CHAT_KEY_MIN_CHARS} to ${CHAT_KEY_MAX_CHARS} characters, got ${raw.length}`,
    };
  }
  if (!KEY_PATTERN.test(raw)) {
    return { ok: false, message: 'key may hold only the URL-safe characters A-Z a-z 0-9 - _' };
  }
  return { ok: true, key: raw };
}
