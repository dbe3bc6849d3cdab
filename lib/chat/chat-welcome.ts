import { type ChatMessage, GENERAL_ROOM, type ServerFrame } from '@/lib/protocol';
import type { ChatConnection } from './chat-connection';
import type { Presence } from './presence';

/**
 * The first frame a socket gets: its id and name, the history after its `since`, and who is
 * online in its room at the presence epoch it is given (later changes reach it as presence frames).
 */
export function welcomeFrame(
  conn: ChatConnection,
  history: { messages: ChatMessage[]; truncated: boolean },
  presence: Presence,
): ServerFrame {
  conn.presenceEpoch = presence.epoch;
  const welcome: ServerFrame = {
    type: 'welcome',
    connectionId: conn.id,
    name: conn.name,
    history: history.messages,
    online: presence.list(),
    onlineCount: presence.onlineCount,
  };
  if (history.truncated) welcome.historyTruncated = true;
  // Only a room's own welcome names it: a `general` client sees the frame it always saw.
  if (conn.room !== GENERAL_ROOM) welcome.room = conn.room;
  return welcome;
}
