'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ChatClient, ChatView } from './chat-client';
import { initialChatState } from './chat-state';
import { SharedChat } from './shared-chat';
import { browserTabPlatform } from './tab-leadership';

/** The chat view and the client to act on (send, typing). */
export type Chat = { view: ChatView; client: ChatClient };

const SERVER_VIEW: ChatView = { ...initialChatState, status: 'offline' };

/**
 * Keeps a chat connection open as `name`, one socket shared by the tabs of the browser
 * (SharedChat); none while `name` is null (status offline).
 * `signedIn`: the page belongs to a login session (see ChatClient).
 */
export function useChat(name: string | null, signedIn = false): Chat {
  const [shared] = useState(() => new SharedChat({ signedIn, platform: browserTabPlatform() }));
  useEffect(() => {
    if (name === null) return;
    shared.connect(name);
    return () => shared.disconnect();
  }, [shared, name]);
  const view = useSyncExternalStore(shared.subscribe, shared.getView, () => SERVER_VIEW);
  return { view, client: shared.client };
}
