import { GENERAL_ROOM } from '@/lib/protocol';

/**
 * The one thing alerts need of the chat: post `text` into `room` as the system author
 * (`Pulseboard`, frames with `"system": true`). A narrow port, so lib/alerts knows nothing of
 * lib/chat; server.ts plugs in the chat hub's `postSystem` (docs/alerts.md#chat).
 */
export interface AlertChat {
  post(room: string, text: string): Promise<void>;
}

/** The chat room a rule posts in: its board's room, `general` for none (or the default board). */
export function roomOfBoard(board: string | undefined): string {
  return board === undefined || board === 'default' ? GENERAL_ROOM : board;
}
