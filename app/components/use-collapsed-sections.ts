'use client';

import { useCallback, useEffect, useState } from 'react';
import { COLLAPSED_SECTIONS_STORAGE_KEY, readCollapsed } from './board-sections';

/**
 * The sections this viewer collapsed, kept in this browser's localStorage (the board is shared;
 * who looks at which rows is not), and a toggle. The widgets of a collapsed section are not
 * mounted, so their charts cost nothing.
 */
export function useCollapsedSections(): [ReadonlySet<string>, (name: string) => void] {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => setCollapsed(readCollapsed(safeStorage())), []);
  const toggle = useCallback((name: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(name)) next.add(name);
      try {
        safeStorage()?.setItem(COLLAPSED_SECTIONS_STORAGE_KEY, JSON.stringify([...next]));
      } catch {
        // Storage full or refused: the choice holds for this page only.
      }
      return next;
    });
  }, []);
  return [collapsed, toggle];
}

function safeStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}
