import { ANNOTATION_TEXT_MAX_CHARS, ANNOTATIONS_PATH, DEFAULT_BOARD } from '@/lib/protocol';

/** The window event the page's annotations listen for: read them again now. */
export const ANNOTATIONS_CHANGED_EVENT = 'pulseboard:annotations-changed';

/** A chat message as it is pinned: its author, text and time. */
export type PinnedMessage = { name: string; text: string; ts: number };

/**
 * The annotation a pinned message becomes: `<author>: <text>` at the message's time, cut to
 * ANNOTATION_TEXT_MAX_CHARS (with an ellipsis), on `board` (none for the default board: every
 * board shows it).
 */
export function annotationOfMessage(
  message: PinnedMessage,
  board: string,
): { text: string; ts: number; board?: string } {
  const full = [...`${message.name}: ${message.text}`.replace(/\s+/g, ' ').trim()];
  const text =
    full.length > ANNOTATION_TEXT_MAX_CHARS
      ? `${full.slice(0, ANNOTATION_TEXT_MAX_CHARS - 1).join('')}…`
      : full.join('');
  return { text, ts: message.ts, ...(board === DEFAULT_BOARD.slug ? {} : { board }) };
}

/**
 * Pins a chat message to the charts' timeline (`POST /api/annotations`), then tells the page's
 * annotations to read again. Resolves with whether the server took it.
 */
export async function pinMessage(message: PinnedMessage, board: string): Promise<boolean> {
  const response = await fetch(ANNOTATIONS_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(annotationOfMessage(message, board)),
  }).catch(() => undefined);
  if (!response?.ok) return false;
  window.dispatchEvent(new Event(ANNOTATIONS_CHANGED_EVENT));
  return true;
}
