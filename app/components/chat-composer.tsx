'use client';

import { type FormEvent, useId, useState } from 'react';
import { CHAT_TEXT_MAX_CHARS } from '@/lib/protocol';

/** The message input: Enter sends; typing notifies the others (rate-limited by the caller). */
export function ChatComposer({
  onSend,
  onTyping,
}: {
  onSend: (text: string) => boolean;
  onTyping: () => void;
}) {
  const inputId = useId();
  const [text, setText] = useState('');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (text.trim() === '') return;
    if (onSend(text)) setText('');
  };

  return (
    <form className="chat-composer" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        Message
      </label>
      <input
        id={inputId}
        data-testid="chat-input"
        value={text}
        placeholder="Write a message, Enter to send"
        maxLength={CHAT_TEXT_MAX_CHARS}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() !== '') onTyping();
        }}
      />
      <button type="submit">Send</button>
    </form>
  );
}
