'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '@/lib/protocol';
import {
  CHAT_NOTIFY_STORAGE_KEY,
  newMentions,
  titleWithUnread,
  unreadCount,
} from './chat-attention';

/** Whether mention notifications are on, can be asked for, or are not available. */
export type NotifyState = 'on' | 'off' | 'denied' | 'unsupported';

export type ChatAttention = {
  unread: number;
  notify: NotifyState;
  /** Asks the browser's permission (call from a click) and turns notifications on. */
  enableNotifications: () => void;
  disableNotifications: () => void;
};

/**
 * Unread messages while the reader is scrolled away from the newest or the tab is hidden: counted
 * in the tab title and returned for the panel. With notifications on (asked only after a click),
 * a message mentioning the reader while the tab is hidden shows a desktop notification.
 */
export function useChatAttention(
  messages: readonly ChatMessage[],
  self: string | undefined,
  atBottom: boolean,
  /** The chat's first welcome has come: what it holds is history, read. */
  welcomed: boolean,
): ChatAttention {
  const visible = useVisible();
  const [seenId, setSeenId] = useState<number | undefined>(undefined);
  const newest = messages.at(-1)?.id;
  const looking = visible && atBottom;
  useEffect(() => {
    if (!welcomed) return;
    // The history the page loaded counts as seen (an empty chat too); later messages when the
    // reader looks.
    setSeenId((seen) => (seen === undefined || looking ? Math.max(seen ?? 0, newest ?? 0) : seen));
  }, [newest, looking, welcomed]);
  const unread = unreadCount(messages, seenId, self);

  const baseTitle = useRef<string | undefined>(undefined);
  useEffect(() => {
    baseTitle.current ??= document.title;
    document.title = titleWithUnread(baseTitle.current, unread);
  }, [unread]);

  const [notify, setNotify] = useState<NotifyState>('off');
  useEffect(() => setNotify(initialNotifyState()), []);
  const notifiedUpTo = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!welcomed) return;
    const after = notifiedUpTo.current;
    notifiedUpTo.current = newest ?? 0;
    if (after === undefined || notify !== 'on' || document.visibilityState !== 'hidden') return;
    for (const m of newMentions(messages, after, self)) {
      try {
        new Notification(`${m.name} mentioned you`, {
          body: m.text,
          tag: `pulseboard-chat-${m.id}`,
        });
      } catch {
        // Some browsers allow notifications from a service worker only: nothing to show then.
      }
    }
  }, [newest, messages, self, notify, welcomed]);

  const enableNotifications = useCallback(() => {
    if (typeof Notification === 'undefined') return;
    void Notification.requestPermission().then((permission) => {
      if (permission === 'granted') {
        safeStore('1');
        setNotify('on');
      } else setNotify(permission === 'denied' ? 'denied' : 'off');
    });
  }, []);
  const disableNotifications = useCallback(() => {
    safeStore(null);
    setNotify('off');
  }, []);
  return { unread, notify, enableNotifications, disableNotifications };
}

function initialNotifyState(): NotifyState {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  let wanted = false;
  try {
    wanted = window.localStorage.getItem(CHAT_NOTIFY_STORAGE_KEY) === '1';
  } catch {
    wanted = false;
  }
  return wanted && Notification.permission === 'granted' ? 'on' : 'off';
}

function safeStore(value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(CHAT_NOTIFY_STORAGE_KEY);
    else window.localStorage.setItem(CHAT_NOTIFY_STORAGE_KEY, value);
  } catch {
    // Private mode: the choice lasts for this page.
  }
}

function useVisible(): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    update();
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}
