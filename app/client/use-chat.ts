'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ChatClient, ChatView } from './chat-client';
import { initialChatState } from './chat-state';
import { SharedChat } from './shared-chat';
import { browserTabPlatform } from './tab-leadership';

/** The chat view and the client to act on (send, typing). */
export type Chat = { view: ChatView; client: ChatClient };

const SERVER_VIEW: ChatView = { ...initialChatState, status: 'offline' };

/** Who the page chats as: a name (with this tab's key without access control), or a reader. */
export type ChatAs =
  | { name: string; key: string | undefined }
  /** No name chosen yet: the chat is read (history and live messages) but not written. */
  | { reader: true }
  /** Not known yet (server rendering, storage not read): no connection. */
  | null;

/**
 * Keeps a chat connection open as `as`. Tabs share one socket only when they share an identity:
 * the same key (a duplicated tab), the same session user, or all reading (SharedChat's scope).
 * `signedIn`: the page belongs to a login session (see ChatClient).
 */
export function useChat(as: ChatAs, signedIn = false): Chat {
  const [shared] = useState(() => new SharedChat({ signedIn, platform: browserTabPlatform() }));
  const name = as && 'name' in as ? as.name : undefined;
  const key = as && 'name' in as ? as.key : undefined;
  const reader = as !== null && 'reader' in as;
  useEffect(() => {
    if (name === undefined && !reader) return;
    if (name === undefined) shared.connect({ reader: true }, 'read');
    else shared.connect({ name, key }, signedIn ? 'session' : `key:${key ?? name}`);
    return () => shared.disconnect();
  }, [shared, name, key, reader, signedIn]);
  const view = useSyncExternalStore(shared.subscribe, shared.getView, () => SERVER_VIEW);
  return { view, client: shared.client };
}
