import { CHAT_TEXT_MAX_CHARS, isRoomName, SYSTEM_AUTHOR } from '@/lib/protocol';
import { foldName } from './name-holds';

/** The system author's name as names are compared (NFKC, lower case): `pulseboard`. */
const SYSTEM_AUTHOR_FOLDED = foldName(SYSTEM_AUTHOR);

/**
 * Whether `name` is the system author's, in any case or compatibility form (`PULSEBOARD`,
 * `Ｐｕｌｓｅｂｏａｒｄ`): no client may join with it (refused as a held name, 4409).
 */
export function isSystemAuthorName(name: string): boolean {
  return foldName(name) === SYSTEM_AUTHOR_FOLDED;
}

/**
 * Checks the arguments of a system post: `room` must be a room name (lib/protocol/chat-rooms.ts)
 * and `text` must have a non-blank character. Throws TypeError otherwise; returns the text cut
 * to CHAT_TEXT_MAX_CHARS, as any message is.
 */
export function systemPostText(room: string, text: string): string {
  if (typeof room !== 'string' || !isRoomName(room)) {
    throw new TypeError(`room must be "general" or a board slug; got ${JSON.stringify(room)}`);
  }
  if (typeof text !== 'string' || text.trim() === '') {
    throw new TypeError('text must be a string with a non-blank character');
  }
  return text.slice(0, CHAT_TEXT_MAX_CHARS);
}
