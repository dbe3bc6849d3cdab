import type { ChatMessage } from '@/lib/protocol';
import { mentions } from '../components/chat-text-parts';

/** localStorage key: the reader turned mention notifications on (after the browser's prompt). */
export const CHAT_NOTIFY_STORAGE_KEY = 'pulseboard.chatNotify';

/** Messages of others after `seenId` (every one, when nothing was seen yet, is history: 0). */
export function unreadCount(
  messages: readonly ChatMessage[],
  seenId: number | undefined,
  self: string | undefined,
): number {
  if (seenId === undefined) return 0;
  let count = 0;
  for (const m of messages) if (m.id > seenId && m.name !== self) count++;
  return count;
}

/** Messages after `afterId` from others that mention `self`: what a notification is for. */
export function newMentions(
  messages: readonly ChatMessage[],
  afterId: number,
  self: string | undefined,
): ChatMessage[] {
  return messages.filter((m) => m.id > afterId && m.name !== self && mentions(m.text, self));
}

/** The tab title with the unread count in front: `(3) Pulseboard`. */
export function titleWithUnread(base: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${base}` : base;
}
