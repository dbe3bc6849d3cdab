import { log } from '@/lib/logger';

/**
 * The one thing alerts need of the chat: post `text` into `room` as the system author
 * (`Pulseboard`, frames with `"system": true`). A narrow port, so lib/alerts knows nothing of
 * lib/chat; server.ts plugs in an adapter (docs/alerts.md#chat).
 */
export interface AlertChat {
  post(room: string, text: string): Promise<void>;
}

/** The room of the default board, and of rules without a board. */
export const GENERAL_ROOM = 'general';

/** The chat room a rule posts in: its board's room, `general` for none (or the default board). */
export function roomOfBoard(board: string | undefined): string {
  return board === undefined || board === 'default' ? GENERAL_ROOM : board;
}

/**
 * The adapter until the chat has rooms and a system author (ChatHub.postSystem): each post is
 * logged (`alert chat post`, with its room and text) and counted, nothing reaches a socket.
 */
export function loggingAlertChat(): AlertChat & { posts: number } {
  const chat = {
    posts: 0,
    async post(room: string, text: string): Promise<void> {
      chat.posts++;
      log.info('alert chat post', { room, text });
    },
  };
  return chat;
}
