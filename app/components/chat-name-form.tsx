'use client';

import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { CHAT_NAME_MAX_CHARS, parseChatName } from '@/lib/protocol';

/** Asks for this tab's chat name (kept per tab by the caller); `notice` says why it asks again. */
export function ChatNameForm({
  initial,
  onSubmit,
  onCancel,
  notice,
}: {
  initial: string;
  onSubmit: (name: string) => void;
  onCancel?: () => void;
  notice?: string;
}) {
  const inputId = useId();
  const [value, setValue] = useState(initial);
  const touched = useRef(false);
  // The proposal is read from storage after the first render: show it unless the user typed.
  useEffect(() => {
    if (!touched.current) setValue(initial);
  }, [initial]);
  const [error, setError] = useState<string | null>(null);
  // Until the page is hydrated the form would submit natively (a reload that loses the name)
  // and React would overwrite what was typed: it takes input only once it can handle it.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseChatName(value);
    if (!parsed.ok) {
      setError(`Not a usable name: ${parsed.message}.`);
      return;
    }
    onSubmit(parsed.name);
  };

  return (
    <form className="chat-name-form" onSubmit={submit} noValidate>
      {notice ? (
        <p className="form-error" role="alert" data-testid="chat-name-taken">
          {notice}
        </p>
      ) : null}
      <label htmlFor={inputId}>Your name in the chat, to write</label>
      <div className="row">
        <input
          id={inputId}
          data-testid="chat-name-input"
          disabled={!hydrated}
          value={value}
          onChange={(e) => {
            touched.current = true;
            setValue(e.target.value);
          }}
          maxLength={CHAT_NAME_MAX_CHARS}
          autoComplete="nickname"
          // Only after "change": on a load the form shows until the saved name is read, and an
          // autofocus there would move the keyboard's starting point past the skip links.
          // biome-ignore lint/a11y/noAutofocus: the user just asked to change the name
          autoFocus={onCancel !== undefined}
          aria-invalid={error !== null}
          aria-describedby={error ? `${inputId}-error` : undefined}
        />
        <button type="submit" data-testid="chat-name-submit" disabled={!hydrated}>
          Join
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      {error ? (
        <p id={`${inputId}-error`} className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
