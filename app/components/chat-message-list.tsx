'use client';

import { type ReactNode, useLayoutEffect, useRef } from 'react';
import type { ChatMessage } from '@/lib/protocol';
import type { PendingMessage } from '../client/chat-state';
import { formatDay, sameDay } from '../client/clock-format';
import { type ChatLine, ChatMessageItem } from './chat-message-item';

/** Distance from the bottom, in pixels, within which the list follows new messages. */
export const STICK_TO_BOTTOM_PX = 48;
/** Distance from the top, in pixels, within which scrolling up loads older messages. */
export const LOAD_OLDER_AT_PX = 80;

/**
 * Confirmed messages with a separator between days, then our pending ones. Not a live region:
 * new messages are read out by ChatAnnouncer. Text is rendered by React as plain text (escaped),
 * never as HTML (see ChatMessageItem for links). The list follows new messages while the reader
 * is at the bottom; scrolling to the top (or the button there) loads older messages, and the
 * message in view stays where it was.
 */
export function ChatMessageList({
  messages,
  pending,
  self,
  historyTruncated,
  hasOlder,
  onLoadOlder,
  onAtBottom,
  onEdit,
  onDelete,
  onPin,
}: {
  messages: readonly ChatMessage[];
  pending: readonly PendingMessage[];
  self: string | undefined;
  historyTruncated: boolean;
  hasOlder: boolean;
  onLoadOlder: () => void;
  /** Whether the reader is at the bottom (seeing the newest message), on every change. */
  onAtBottom?: (atBottom: boolean) => void;
  onEdit?: (id: number, text: string) => boolean;
  onDelete?: (id: number) => void;
  onPin?: (line: ChatLine) => Promise<boolean>;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  const stickRef = useRef(true);
  /** Distance from the bottom before older messages were put on top. */
  const fromBottomRef = useRef(0);
  const firstIdRef = useRef<number | undefined>(undefined);
  const count = messages.length + pending.length;
  const firstId = messages[0]?.id;

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the messages change
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const previousFirst = firstIdRef.current;
    firstIdRef.current = firstId;
    if (previousFirst !== undefined && firstId !== undefined && firstId < previousFirst) {
      // Older messages came in above: keep the same distance from the bottom.
      list.scrollTop = list.scrollHeight - list.clientHeight - fromBottomRef.current;
    } else if (stickRef.current) {
      list.scrollTop = list.scrollHeight;
    }
    fromBottomRef.current = list.scrollHeight - list.clientHeight - list.scrollTop;
  }, [count, firstId]);

  const onScroll = () => {
    const list = listRef.current;
    if (!list) return;
    const fromBottom = list.scrollHeight - list.scrollTop - list.clientHeight;
    fromBottomRef.current = fromBottom;
    const atBottom = fromBottom < STICK_TO_BOTTOM_PX;
    if (atBottom !== stickRef.current) onAtBottom?.(atBottom);
    stickRef.current = atBottom;
    if (list.scrollTop < LOAD_OLDER_AT_PX && hasOlder) onLoadOlder();
  };

  const items: ReactNode[] = [];
  let previousTs: number | undefined;
  for (const m of messages) {
    if (previousTs === undefined || !sameDay(previousTs, m.ts)) {
      items.push(
        <li key={`day-${m.id}`} className="chat-day" data-testid="chat-day">
          <span>{formatDay(m.ts)}</span>
        </li>,
      );
    }
    previousTs = m.ts;
    items.push(
      <ChatMessageItem
        key={m.id}
        line={{ ...m, mine: !m.system && m.name === self }}
        self={self}
        {...(onEdit ? { onEdit } : {})}
        {...(onDelete ? { onDelete } : {})}
        {...(onPin ? { onPin } : {})}
      />,
    );
  }

  return (
    <ol
      className="chat-messages"
      data-testid="chat-messages"
      aria-label="Messages"
      ref={listRef}
      onScroll={onScroll}
    >
      {hasOlder && messages.length > 0 ? (
        <li className="chat-notice">
          <button
            type="button"
            className="link"
            data-testid="chat-load-older"
            onClick={onLoadOlder}
          >
            Load older messages
          </button>
        </li>
      ) : null}
      {historyTruncated ? <li className="chat-notice">Older messages were skipped.</li> : null}
      {count === 0 ? <li className="chat-notice">No messages yet.</li> : null}
      {items}
      {pending.map((p) => (
        <ChatMessageItem
          key={p.clientMsgId}
          line={{ name: p.name, text: p.text, ts: p.ts, mine: true, pending: true }}
          self={self}
        />
      ))}
    </ol>
  );
}
