import { AppError } from '@/lib/errors';
import type { BoardStore } from '@/lib/store/board-store';

/**
 * Whether the chat room of board `slug` exists: the board does (one indexed read of its row).
 * The default board's room is `general`, so `default` is no room of its own (404).
 */
export function boardRoomExists(boards: Pick<BoardStore, 'layout'>) {
  return async (slug: string): Promise<boolean> => {
    try {
      await boards.layout(slug);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return false;
      throw error;
    }
  };
}
