'use client';

import { useState } from 'react';
import { typingNames } from '../client/chat-state';
import type { Chat } from '../client/use-chat';
import { ChatAnnouncer } from './chat-announcer';
import { ChatComposer } from './chat-composer';
import { ChatMessageList } from './chat-message-list';
import { ChatNameForm } from './chat-name-form';
import { ChatOnlineList } from './chat-online-list';
import { describeTyping } from './describe-typing';

/** The team chat: asks for a name once, then shows who is online, the messages and the input. */
export function ChatPanel({
  chat,
  name,
  onName,
  nameLocked = false,
}: {
  chat: Chat;
  name: string | null;
  onName: (name: string) => void;
  /** The name comes from the login session (access control on) and cannot be changed here. */
  nameLocked?: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const { view, client } = chat;

  if (name === null || editing) {
    return (
      <section className="chat-panel" aria-label="Chat">
        <h2>Chat</h2>
        <ChatNameForm
          initial={name ?? ''}
          onSubmit={(next) => {
            setEditing(false);
            onName(next);
          }}
          {...(name === null ? {} : { onCancel: () => setEditing(false) })}
        />
      </section>
    );
  }

  return (
    <section className="chat-panel" aria-label="Chat">
      <div className="chat-heading">
        <h2>Chat</h2>
        <p className="chat-self">
          as <strong>{view.self ?? name}</strong>{' '}
          {nameLocked ? null : (
            <button type="button" className="link" onClick={() => setEditing(true)}>
              change
            </button>
          )}
        </p>
      </div>
      <ChatOnlineList online={view.online} self={view.self} />
      <ChatMessageList
        messages={view.messages}
        pending={view.pending}
        self={view.self}
        historyTruncated={view.historyTruncated}
      />
      <ChatAnnouncer messages={view.messages} self={view.self} />
      <p className="chat-typing" data-testid="chat-typing" role="status" aria-label="Typing">
        {describeTyping(typingNames(view.typing, Date.now()))}
      </p>
      {view.error ? (
        <p className="form-error" role="alert">
          {view.error}
        </p>
      ) : null}
      <ChatComposer onSend={(text) => client.send(text)} onTyping={() => client.typing()} />
    </section>
  );
}
