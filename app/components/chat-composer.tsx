'use client';

import { type FormEvent, useId, useState } from 'react';
import { CHAT_TEXT_MAX_CHARS } from '@/lib/protocol';

/** Characters left at which the composer shows its counter (before that it stays quiet). */
export const COMPOSER_COUNTER_FROM_CHARS_LEFT = 200;

/**
 * The message input: Enter sends, Shift+Enter starts a new line; typing notifies the others
 * (rate-limited by the caller). Near CHAT_TEXT_MAX_CHARS a counter says how many characters are
 * left; past it the message is not cut: it cannot be sent until it is shorter.
 */
export function ChatComposer({
  onSend,
  onTyping,
}: {
  onSend: (text: string) => boolean;
  onTyping: () => void;
}) {
  const inputId = useId();
  const counterId = `${inputId}-counter`;
  const [text, setText] = useState('');
  const left = CHAT_TEXT_MAX_CHARS - text.trim().length;
  const over = left < 0;

  const send = () => {
    if (text.trim() === '' || over) return;
    if (onSend(text)) setText('');
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    send();
  };

  return (
    <form className="chat-composer" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        Message
      </label>
      <textarea
        id={inputId}
        data-testid="chat-input"
        value={text}
        rows={1}
        placeholder="Message (Shift+Enter: new line)"
        autoComplete="off"
        aria-invalid={over}
        aria-describedby={left <= COMPOSER_COUNTER_FROM_CHARS_LEFT ? counterId : undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() !== '') onTyping();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      {left <= COMPOSER_COUNTER_FROM_CHARS_LEFT ? (
        <span
          id={counterId}
          className={`chat-counter${over ? ' over' : ''}`}
          data-testid="chat-counter"
          aria-live="polite"
        >
          {over ? `${-left} too many` : `${left} left`}
        </span>
      ) : null}
      <button type="submit" disabled={over}>
        Send
      </button>
    </form>
  );
}
