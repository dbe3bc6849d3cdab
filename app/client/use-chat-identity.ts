'use client';

import { useCallback, useEffect, useState } from 'react';
import { proposedName, readTabIdentity, saveTabName, type TabIdentity } from './chat-identity';

/** This tab's chat identity, the name a form proposes, and the setter of this tab's name. */
export type ChatIdentity = {
  /** null during server rendering (no storage there). */
  identity: TabIdentity | null;
  proposal: string;
  setName: (name: string | null) => void;
};

/**
 * The chat identity of this tab (sessionStorage): each tab chooses its own name, so two tabs of
 * one browser chat as two people; a new tab proposes the last name used in the browser.
 */
export function useChatIdentity(): ChatIdentity {
  // Read after hydration: the server renders without storage, and the first client render must
  // match it.
  const [identity, setIdentity] = useState<TabIdentity | null>(null);
  const [proposal, setProposal] = useState('');
  useEffect(() => {
    setIdentity(readTabIdentity(sessionStorageOrUndefined()));
    setProposal(proposedName(localStorageOrUndefined()));
  }, []);
  const setName = useCallback((name: string | null) => {
    setIdentity((current) => {
      const base = current ?? readTabIdentity(sessionStorageOrUndefined());
      return saveTabName(sessionStorageOrUndefined(), localStorageOrUndefined(), base, name);
    });
    if (name !== null) setProposal(name);
  }, []);
  return { identity, proposal, setName };
}

function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

function localStorageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
