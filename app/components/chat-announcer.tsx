'use client';

import { useEffect, useRef } from 'react';
import type { ChatMessage } from '@/lib/protocol';
import { initialAnnouncerState, nextAnnouncements } from './chat-announcements';

/**
 * The chat log for screen readers: a visually hidden `role="log"` polite live region holding
 * the last few messages that arrived while the page was open (not the history it loaded).
 */
export function ChatAnnouncer({
  messages,
  self,
}: {
  messages: readonly ChatMessage[];
  self: string | undefined;
}) {
  const committed = useRef(initialAnnouncerState);
  const state = nextAnnouncements(committed.current, messages, self);
  useEffect(() => {
    committed.current = state;
  });

  return (
    <div
      className="visually-hidden"
      role="log"
      aria-live="polite"
      aria-label="New chat messages"
      data-testid="chat-announcer"
    >
      {state.items.map((item) => (
        <p key={item.id}>{item.text}</p>
      ))}
    </div>
  );
}
