import type { HookRunner } from '@/lib/hooks/hook-runner';
import { CHAT_TEXT_MAX_CHARS, ChatErrorCode } from '@/lib/protocol';
import type { ChatConnection } from './chat-connection';

/**
 * The text a message or an edit is stored with: what the onMessage hooks let through (cut to
 * CHAT_TEXT_MAX_CHARS), or undefined after telling `conn` why not (`message_rejected`).
 * `hooks`: undefined when no hook implements onMessage.
 */
export function screenText(
  hooks: HookRunner | undefined,
  conn: ChatConnection,
  text: string,
): string | undefined {
  const verdict = hooks ? hooks.onMessage(conn.hookContext, text) : { text };
  if ('reject' in verdict || verdict.text.trim() === '') {
    const reason = 'reject' in verdict ? verdict.reject : 'the message became empty';
    conn.sendError(ChatErrorCode.MessageRejected, reason);
    return undefined;
  }
  return verdict.text.slice(0, CHAT_TEXT_MAX_CHARS);
}
