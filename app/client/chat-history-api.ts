import {
  CHAT_MESSAGES_PATH,
  type ChatHistoryAnswer,
  type ChatMessage,
  GENERAL_ROOM,
} from '@/lib/protocol';

/** Messages the page asks for with each scroll to the top (the server allows 1 to 100). */
export const CHAT_OLDER_PAGE_MESSAGES = 50;

/**
 * `GET /api/chat/messages?before=<id>&limit=…[&room=]`: the page of messages of `room` before
 * `before` (the newest when undefined), or undefined when the request failed (the caller may try again on the next
 * scroll). `fetchFn` is a parameter so tests can hand in a fake.
 */
export async function fetchOlderMessages(
  before: number | undefined,
  fetchFn: typeof fetch = fetch,
  room: string = GENERAL_ROOM,
): Promise<ChatHistoryAnswer | undefined> {
  const params = new URLSearchParams({ limit: String(CHAT_OLDER_PAGE_MESSAGES) });
  if (before !== undefined) params.set('before', String(before));
  if (room !== GENERAL_ROOM) params.set('room', room);
  try {
    const res = await fetchFn(`${CHAT_MESSAGES_PATH}?${params}`, { credentials: 'same-origin' });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { messages?: unknown; hasMore?: unknown };
    if (!Array.isArray(body.messages) || typeof body.hasMore !== 'boolean') return undefined;
    return { messages: body.messages.filter(isMessage), hasMore: body.hasMore };
  } catch {
    return undefined;
  }
}

function isMessage(value: unknown): value is ChatMessage {
  const m = value as Partial<ChatMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.id === 'number' &&
    typeof m.name === 'string' &&
    typeof m.text === 'string' &&
    typeof m.ts === 'number'
  );
}
