'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { ChatClient, type ChatView } from './chat-client';
import { initialChatState } from './chat-state';

/** The chat view and the client to act on (send, typing). */
export type Chat = { view: ChatView; client: ChatClient };

const SERVER_VIEW: ChatView = { ...initialChatState, status: 'offline' };

/**
 * Keeps a chat connection open as `name`; none while `name` is null (status offline).
 * `signedIn`: the page belongs to a login session (see ChatClient).
 */
export function useChat(name: string | null, signedIn = false): Chat {
  const [client] = useState(() => new ChatClient({ signedIn }));
  useEffect(() => {
    if (name === null) return;
    client.connect(name);
    return () => client.disconnect();
  }, [client, name]);
  const view = useSyncExternalStore(client.subscribe, client.getView, () => SERVER_VIEW);
  return { view, client };
}
