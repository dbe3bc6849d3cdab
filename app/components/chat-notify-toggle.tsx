'use client';

import type { ChatAttention } from '../client/use-chat-attention';

/**
 * Opt-in desktop notifications for mentions while the tab is hidden. The browser's permission is
 * asked only when this button is clicked (never on load).
 */
export function ChatNotifyToggle({ attention }: { attention: ChatAttention }) {
  if (attention.notify === 'unsupported') return null;
  if (attention.notify === 'denied') {
    return <p className="chat-notify">Notifications are blocked in this browser.</p>;
  }
  const on = attention.notify === 'on';
  return (
    <p className="chat-notify">
      <button
        type="button"
        className="link"
        data-testid="chat-notify"
        aria-pressed={on}
        onClick={on ? attention.disableNotifications : attention.enableNotifications}
      >
        {on ? 'Mention notifications on' : 'Notify me of mentions'}
      </button>
    </p>
  );
}
