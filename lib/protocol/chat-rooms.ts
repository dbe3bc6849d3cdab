import { BOARD_SLUG_PATTERN } from './boards';

/** Wire rules of chat rooms (issue 14): `/ws/chat?room=`, `GET /api/chat/messages?room=`. */

/**
 * The room of today's chat: the room of a socket (or a history read) that names none, and of
 * the default board (`/`). Its frames carry no `room` field, exactly as before rooms existed.
 */
export const GENERAL_ROOM = 'general';

/**
 * The author of system messages (alerts, hook answers): their frames carry `"system": true`.
 * No client may take this name, in any case, in any room (refused as a held name).
 */
export const SYSTEM_AUTHOR = 'Pulseboard';

/**
 * Whether `room` is well formed: `general`, or a board slug (BOARD_SLUG_PATTERN). Whether the
 * board exists is the server's question (404 when not).
 */
export function isRoomName(room: string): boolean {
  return room === GENERAL_ROOM || BOARD_SLUG_PATTERN.test(room);
}
