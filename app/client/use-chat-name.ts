'use client';

import { useCallback, useSyncExternalStore } from 'react';

/** localStorage key of the chat name. */
export const CHAT_NAME_STORAGE_KEY = 'pulseboard.chatName';

const listeners = new Set<() => void>();

/** The saved chat name (null until one is chosen, and during server rendering) and its setter. */
export function useChatName(): [string | null, (name: string) => void] {
  const name = useSyncExternalStore(subscribe, readName, () => null);
  const save = useCallback((next: string) => {
    try {
      window.localStorage.setItem(CHAT_NAME_STORAGE_KEY, next);
    } catch {
      // Storage may be disabled (private mode); the name then lasts for this page only.
      memoryName = next;
    }
    for (const listener of listeners) listener();
  }, []);
  return [name, save];
}

let memoryName: string | null = null;

function readName(): string | null {
  try {
    return window.localStorage.getItem(CHAT_NAME_STORAGE_KEY) ?? memoryName;
  } catch {
    return memoryName;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed the name.
  const onStorage = (event: StorageEvent) => {
    if (event.key === CHAT_NAME_STORAGE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}
