'use client';

import { useState } from 'react';
import { alternativeName } from '../client/chat-identity';
import { typingNames } from '../client/chat-state';
import type { Chat } from '../client/use-chat';
import { useChatAttention } from '../client/use-chat-attention';
import { ChatAnnouncer } from './chat-announcer';
import { ChatComposer } from './chat-composer';
import type { ChatLine } from './chat-message-item';
import { ChatMessageList } from './chat-message-list';
import { ChatNameForm } from './chat-name-form';
import { ChatNotifyToggle } from './chat-notify-toggle';
import { ChatOnlineList } from './chat-online-list';
import { ChatRoomSwitch, type ChatRooms } from './chat-room-switch';
import { describeTyping } from './describe-typing';

/**
 * The team chat: who is online and the messages, readable before joining; then the name form
 * (this tab's own name, the browser's last one proposed) or, once joined, the input. A name the
 * server refuses (`name_taken`) brings the form back with another name proposed.
 */
export function ChatPanel({
  chat,
  name,
  proposal,
  onName,
  nameLocked = false,
  rooms,
  onPin,
}: {
  chat: Chat;
  /** This tab's name; null before joining. */
  name: string | null;
  /** The name the form proposes (the last one used in this browser). */
  proposal: string;
  onName: (name: string) => void;
  /** The name comes from the login session (access control on) and cannot be changed here. */
  nameLocked?: boolean;
  /** The room shown and the switch between the board's room and `general`. */
  rooms?: ChatRooms | undefined;
  /** Pins a message to the charts' timeline (an annotation); resolves with whether it was stored. */
  onPin?: ((line: ChatLine) => Promise<boolean>) | undefined;
}) {
  const [editing, setEditing] = useState(false);
  const [atBottom, setAtBottom] = useState(true);
  const { view, client } = chat;
  const [welcomed, setWelcomed] = useState(false);
  if (!welcomed && view.status === 'live') setWelcomed(true);
  const attention = useChatAttention(view.messages, view.self, atBottom, welcomed);
  const asking = name === null || editing;
  const taken = view.nameTaken;

  return (
    <section className="chat-panel" aria-label="Chat">
      <div className="chat-heading">
        <h2>
          Chat
          {attention.unread > 0 ? (
            <span className="chat-unread" data-testid="chat-unread">
              {attention.unread}
              <span className="visually-hidden"> unread</span>
            </span>
          ) : null}
        </h2>
        {asking ? null : (
          <p className="chat-self">
            as <strong data-testid="chat-self">{view.self ?? name}</strong>{' '}
            {nameLocked ? null : (
              <button type="button" className="link" onClick={() => setEditing(true)}>
                change
              </button>
            )}
          </p>
        )}
      </div>
      {rooms ? <ChatRoomSwitch rooms={rooms} /> : null}
      <ChatNotifyToggle attention={attention} />
      <ChatOnlineList online={view.online} self={view.self} />
      <ChatMessageList
        messages={view.messages}
        pending={view.pending}
        self={view.self}
        historyTruncated={view.historyTruncated}
        hasOlder={view.hasOlder}
        onLoadOlder={() => void client.loadOlder()}
        onAtBottom={setAtBottom}
        onEdit={(id, text) => client.edit(id, text)}
        onDelete={(id) => client.remove(id)}
        {...(onPin ? { onPin } : {})}
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
      {asking ? (
        <ChatNameForm
          // A new proposal (the name was taken) starts a fresh form.
          key={taken ?? 'name'}
          initial={taken ? alternativeName(taken, view.online) : (name ?? proposal)}
          {...(taken
            ? { notice: `The name “${taken}” is taken. Choose another, or keep this one:` }
            : {})}
          onSubmit={(next) => {
            setEditing(false);
            onName(next);
          }}
          {...(name === null ? {} : { onCancel: () => setEditing(false) })}
        />
      ) : (
        <ChatComposer onSend={(text) => client.send(text)} onTyping={() => client.typing()} />
      )}
    </section>
  );
}
