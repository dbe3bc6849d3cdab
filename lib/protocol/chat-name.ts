import { displayTextProblem } from './display-text';
import { CHAT_NAME_MAX_CHARS } from './limits';

/** A requested chat or login display name: the name to use, or why it is refused. */
export type ChatNameResult = { ok: true; name: string } | { ok: false; message: string };

/**
 * Checks a requested chat name (`?name=` on `/ws/chat`, the login form's display name, an
 * `AUTH_USERS` user): it must be safe display text (display-text.ts; checked before trimming,
 * so a trailing newline is refused, not cut off) and 1 to CHAT_NAME_MAX_CHARS characters
 * after trimming. The message starts with `name` and names a refused character by its code
 * point. Right-to-left scripts and emoji are welcome.
 */
export function parseChatName(raw: string): ChatNameResult {
  const problem = displayTextProblem(raw);
  if (problem !== undefined) return { ok: false, message: `name: ${problem}` };
  const name = raw.trim();
  if (name.length < 1 || name.length > CHAT_NAME_MAX_CHARS) {
    return {
      ok: false,
      message: `name must be 1 to ${CHAT_NAME_MAX_CHARS} characters after trimming, got ${name.length}`,
    };
  }
  return { ok: true, name };
}

/** The normalised (trimmed) chat name, or `null` when parseChatName refuses it. */
export function normaliseChatName(raw: string): string | null {
  const result = parseChatName(raw);
  return result.ok ? result.name : null;
}
