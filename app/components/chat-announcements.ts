import type { ChatMessage } from '@/lib/protocol';

/** How many recent messages the screen-reader log keeps (older ones are dropped from the DOM). */
export const CHAT_ANNOUNCE_KEEP_MESSAGES = 5;

/** One line of the screen-reader log. */
export type Announcement = { id: number; text: string };

/**
 * What the screen-reader log has seen: `upToId` is the highest message id already handled
 * (undefined until the first welcome), `items` the lines in the log now.
 */
export type AnnouncerState = { upToId: number | undefined; items: readonly Announcement[] };

export const initialAnnouncerState: AnnouncerState = { upToId: undefined, items: [] };

/**
 * The log after the chat shows `messages`. Nothing is announced before the first welcome
 * (`self` undefined), and the history that welcome brings is only taken as the starting point:
 * a reader hears new messages, not the whole backlog. Our own messages are not read back.
 * Messages missed while disconnected (they arrive with a later welcome) are new, and announced.
 */
export function nextAnnouncements(
  state: AnnouncerState,
  messages: readonly ChatMessage[],
  self: string | undefined,
): AnnouncerState {
  if (self === undefined) return state;
  const top = messages.reduce((max, m) => Math.max(max, m.id), state.upToId ?? 0);
  if (state.upToId === undefined) return { upToId: top, items: [] };
  if (top === state.upToId) return state;
  const upToId = state.upToId;
  const fresh = messages
    .filter((m) => m.id > upToId && m.name !== self)
    .map((m) => ({ id: m.id, text: `${m.name}: ${m.text}` }));
  return { upToId: top, items: [...state.items, ...fresh].slice(-CHAT_ANNOUNCE_KEEP_MESSAGES) };
}
