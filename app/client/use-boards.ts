'use client';

import { useCallback, useEffect, useState } from 'react';
import { type Board, StreamEvent } from '@/lib/protocol';
import { listBoards } from './boards-api';
import type { SharedStream } from './shared-stream';

/** The board list as the page knows it: undefined until the first answer. */
export type BoardsView = { boards: Board[] | undefined; reload: () => void };

/**
 * Every board, loaded from `GET /api/boards` and again on each `event: boards` (a board was
 * created, renamed or deleted anywhere) and whenever the stream comes back live.
 */
export function useBoards(
  subscribeEvent: SharedStream['subscribeEvent'],
  live: boolean,
): BoardsView {
  const [boards, setBoards] = useState<Board[] | undefined>(undefined);
  const reload = useCallback(() => {
    void listBoards().then((answer) => {
      if (answer.ok) setBoards(answer.value);
    });
  }, []);
  useEffect(() => subscribeEvent(StreamEvent.Boards, reload), [subscribeEvent, reload]);
  useEffect(() => {
    if (live) reload();
  }, [live, reload]);
  return { boards, reload };
}
