'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { GENERAL_ROOM } from '@/lib/protocol';
import type { ChatClient, ChatView } from './chat-client';
import { initialChatState } from './chat-state';
import { roomScope } from './chat-wire';
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
 * Keeps a chat connection open as `as` in chat room `room` (`general`, or a board's slug).
 * Tabs share one socket only when they share an identity and a room: the same key (a duplicated
 * tab), the same session user, or all reading (SharedChat's scope), in the same room. Another
 * room is another SharedChat: its view starts empty, nothing of the last room is kept.
 * `signedIn`: the page belongs to a login session (see ChatClient).
 */
export function useChat(as: ChatAs, signedIn = false, room: string = GENERAL_ROOM): Chat {
  const open = () => ({
    room,
    shared: new SharedChat({ signedIn, platform: browserTabPlatform() }),
  });
  const [current, setCurrent] = useState(open);
  let shared = current.shared;
  if (current.room !== room) {
    // A new room is a new chat (its own socket, tab leader and state), made while rendering.
    const next = open();
    setCurrent(next);
    shared = next.shared;
  }
  const name = as && 'name' in as ? as.name : undefined;
  const key = as && 'name' in as ? as.key : undefined;
  const reader = as !== null && 'reader' in as;
  useEffect(() => {
    if (name === undefined && !reader) return;
    const inRoom = (scope: string) => roomScope(scope, room);
    if (name === undefined) shared.connect({ reader: true, room }, inRoom('read'));
    else shared.connect({ name, key, room }, inRoom(signedIn ? 'session' : `key:${key ?? name}`));
    return () => shared.disconnect();
  }, [shared, name, key, reader, signedIn, room]);
  const view = useSyncExternalStore(shared.subscribe, shared.getView, () => SERVER_VIEW);
  return { view, client: shared.client };
}
