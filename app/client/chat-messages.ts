import type { ChatMessage } from '@/lib/protocol';

/** Most messages kept in the browser (the newest). */
export const CHAT_MESSAGES_MAX = 500;
/** Most messages kept after the reader scrolled back through older pages. */
export const CHAT_SCROLLBACK_MAX_MESSAGES = 5000;

/** `current` plus `incoming`, ascending by id, each id once, at most `max` (the newest). */
export function mergeMessages(
  current: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
  max: number = CHAT_MESSAGES_MAX,
): ChatMessage[] {
  const byId = new Map<number, ChatMessage>();
  for (const m of current) byId.set(m.id, m);
  for (const m of incoming) if (!byId.has(m.id)) byId.set(m.id, m);
  const merged = [...byId.values()].sort((a, b) => a.id - b.id);
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}
