'use client';

import { type FormEvent, useId, useState } from 'react';
import { formatClock, formatDateTime } from '../client/clock-format';
import { openView } from '../client/use-page-view';
import { type ChatTextPart, chatTextParts, mentions } from './chat-text-parts';

/** What one chat line shows. `id` is absent while the message is pending. */
export type ChatLine = {
  id?: number;
  name: string;
  text: string;
  ts: number;
  editedAt?: number;
  mine: boolean;
  pending?: boolean;
  /** By the server itself (alerts, hook answers): marked, never editable or deletable. */
  system?: boolean;
};

const ME_PREFIX = /^\/me\s+/;
const PIN_LABEL = { no: 'Pin', pinning: 'Pinning…', yes: 'Pinned', failed: 'Pin (failed, again?)' };

/**
 * One message: the author and its time (full date and time on hover), then the text with its
 * links and mentions. `/me waves` is shown as an action, "* ada waves", the same to everyone.
 * The author's own confirmed messages can be edited (inline) and deleted; any confirmed message
 * can be pinned to the charts' timeline (an annotation at its time).
 */
export function ChatMessageItem({
  line,
  self,
  onEdit,
  onDelete,
  onPin,
}: {
  line: ChatLine;
  self: string | undefined;
  onEdit?: (id: number, text: string) => boolean;
  onDelete?: (id: number) => void;
  /** Pins the message to the timeline; resolves with whether it was stored. */
  onPin?: (line: ChatLine) => Promise<boolean>;
}) {
  const [editing, setEditing] = useState(false);
  const [pinned, setPinned] = useState<'no' | 'pinning' | 'yes' | 'failed'>('no');
  const action = ME_PREFIX.test(line.text);
  const text = action ? line.text.replace(ME_PREFIX, '') : line.text;
  const mentioned = !line.mine && mentions(line.text, self);
  const className = [
    'chat-message',
    line.mine ? 'mine' : '',
    line.pending ? 'pending' : '',
    mentioned ? 'mentioned' : '',
    action ? 'action' : '',
    line.system ? 'system' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const id = line.id;
  const canChange = line.mine && !line.system && !line.pending && id !== undefined;
  return (
    <li
      className={className}
      data-testid="chat-message"
      data-pending={line.pending ? 'true' : 'false'}
      data-id={id}
      data-mentioned={mentioned ? 'true' : undefined}
      data-system={line.system ? 'true' : undefined}
    >
      <div className="chat-meta">
        {action ? null : <span className="chat-author">{line.name}</span>}
        {line.system ? (
          <span className="chat-system-badge" data-testid="chat-system">
            system
          </span>
        ) : null}
        <time dateTime={new Date(line.ts).toISOString()} title={formatDateTime(line.ts)}>
          {formatClock(line.ts)}
        </time>
        {line.editedAt !== undefined ? (
          <span
            className="chat-edited"
            data-testid="chat-edited"
            title={`edited ${formatDateTime(line.editedAt)}`}
          >
            (edited)
          </span>
        ) : null}
        {line.pending ? <span className="chat-pending">sending…</span> : null}
        {!editing && !line.pending && id !== undefined && (canChange || onPin) ? (
          <span className="chat-actions">
            {canChange ? (
              <>
                <button type="button" className="link" onClick={() => setEditing(true)}>
                  Edit
                </button>
                <button type="button" className="link" onClick={() => onDelete?.(id)}>
                  Delete
                </button>
              </>
            ) : null}
            {onPin ? (
              <button
                type="button"
                className="link"
                data-testid="chat-pin"
                disabled={pinned === 'pinning' || pinned === 'yes'}
                title="Mark this message on the charts' timeline"
                onClick={() => {
                  setPinned('pinning');
                  void onPin(line).then((ok) => setPinned(ok ? 'yes' : 'failed'));
                }}
              >
                {PIN_LABEL[pinned]}
              </button>
            ) : null}
          </span>
        ) : null}
      </div>
      {editing && id !== undefined ? (
        <EditForm
          initial={line.text}
          onCancel={() => setEditing(false)}
          onSave={(next) => {
            if (onEdit?.(id, next)) setEditing(false);
          }}
        />
      ) : (
        <p className="chat-text">
          {action ? <span className="chat-author">* {line.name} </span> : null}
          <MessageText parts={chatTextParts(text, self)} />
        </p>
      )}
    </li>
  );
}

function EditForm(props: {
  initial: string;
  onSave: (text: string) => void;
  onCancel: () => void;
}) {
  const inputId = useId();
  const [value, setValue] = useState(props.initial);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    props.onSave(value);
  };
  return (
    <form className="chat-edit-form" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        Edit message
      </label>
      <textarea
        id={inputId}
        data-testid="chat-edit-input"
        value={value}
        rows={2}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onCancel();
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            props.onSave(value);
          }
        }}
      />
      <div className="row">
        <button type="submit">Save</button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The parts as elements: links are real links, everything else text React escapes. */
function MessageText({ parts }: { parts: ChatTextPart[] }) {
  return parts.map((part, i) => {
    switch (part.kind) {
      case 'dashboard':
        return (
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
        );
      case 'link':
        return (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable text
            key={i}
            href={part.href}
            className="chat-link"
            data-testid="chat-link"
            target="_blank"
            rel="noopener noreferrer nofollow"
          >
            {part.text}
          </a>
        );
      case 'mention':
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable text
          <mark key={i} className="chat-mention">
            {part.text}
          </mark>
        );
      default:
        return part.text;
    }
  });
}
