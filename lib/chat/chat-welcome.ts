import { type ChatMessage, GENERAL_ROOM, type ServerFrame } from '@/lib/protocol';
import type { ChatConnection } from './chat-connection';
import type { ChatRelay } from './chat-relay';
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

/**
 * What the welcome of a socket of `room` is made of: the history after `since`, and the room's
 * presence once it is current. On a cluster that means its own name written (any instance that
 * reads presence from now on sees it) and the other instances' names read anew (the list is not
 * older than the join); on one instance both are already so.
 */
export async function readWelcome(
  relay: Pick<ChatRelay, 'history' | 'presenceIn'>,
  room: string,
  since: number | undefined,
): Promise<{ history: { messages: ChatMessage[]; truncated: boolean }; presence: Presence }> {
  const presence = relay.presenceIn(room);
  const [history] = await Promise.all([
    relay.history(room, since),
    presence.written(),
    presence.refresh(),
  ]);
  return { history, presence };
}
