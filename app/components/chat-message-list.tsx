'use client';

import { useLayoutEffect, useRef } from 'react';
import type { ChatMessage } from '@/lib/protocol';
import type { PendingMessage } from '../client/chat-state';
import { openView } from '../client/use-page-view';
import { splitDashboardLinks } from './dashboard-link';

/** Distance from the bottom, in pixels, within which the list follows new messages. */
export const STICK_TO_BOTTOM_PX = 48;

/**
 * Confirmed messages, then our pending ones. Not a live region: new messages are read out by
 * ChatAnnouncer, which leaves out the history loaded with the page. Text is rendered by React
 * as plain text (escaped), never as HTML; only same-origin dashboard links (see
 * parseDashboardLink) become `<a>` elements, which open that view in this tab. The list follows
 * new messages while the reader is at the bottom.
 */
export function ChatMessageList({
  messages,
  pending,
  self,
  historyTruncated,
}: {
  messages: readonly ChatMessage[];
  pending: readonly PendingMessage[];
  self: string | undefined;
  historyTruncated: boolean;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  const stickRef = useRef(true);
  const count = messages.length + pending.length;

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the message count changes
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && stickRef.current) list.scrollTop = list.scrollHeight;
  }, [count]);

  const onScroll = () => {
    const list = listRef.current;
    if (list)
      stickRef.current =
        list.scrollHeight - list.scrollTop - list.clientHeight < STICK_TO_BOTTOM_PX;
  };

  return (
    <ol
      className="chat-messages"
      data-testid="chat-messages"
      aria-label="Messages"
      ref={listRef}
      onScroll={onScroll}
    >
      {historyTruncated ? <li className="chat-notice">Older messages were skipped.</li> : null}
      {count === 0 ? <li className="chat-notice">No messages yet.</li> : null}
      {messages.map((m) => (
        <MessageItem key={m.id} name={m.name} text={m.text} ts={m.ts} mine={m.name === self} />
      ))}
      {pending.map((p) => (
        <MessageItem key={p.clientMsgId} name={p.name} text={p.text} ts={p.ts} mine pending />
      ))}
    </ol>
  );
}

function MessageItem(props: {
  name: string;
  text: string;
  ts: number;
  mine: boolean;
  pending?: boolean;
}) {
  const date = new Date(props.ts);
  return (
    <li
      className={`chat-message${props.mine ? ' mine' : ''}${props.pending ? ' pending' : ''}`}
      data-testid="chat-message"
      data-pending={props.pending ? 'true' : 'false'}
    >
      <div className="chat-meta">
        <span className="chat-author">{props.name}</span>
        <time dateTime={date.toISOString()}>
          {date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </time>
        {props.pending ? <span className="chat-pending">sending…</span> : null}
      </div>
      <p className="chat-text">
        <MessageText text={props.text} />
      </p>
    </li>
  );
}

/** Message text with its dashboard links as links; a plain click opens the view without a reload. */
function MessageText({ text }: { text: string }) {
  return splitDashboardLinks(text).map((part, i) =>
    'href' in part ? (
      <a
        // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable text
        key={i}
        href={part.href}
        className="chat-link"
        data-testid="chat-dashboard-link"
        onClick={(e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
          e.preventDefault();
          openView(part.href);
        }}
      >
        {part.text}
      </a>
    ) : (
      part.text
    ),
  );
}
