'use client';

import { useCallback } from 'react';
import type { Widget } from '@/lib/protocol';
import { useChat } from '../hooks/use-chat';
import { useChatName } from '../hooks/use-chat-name';
import { useLayout } from '../hooks/use-layout';
import { useMetricStream } from '../hooks/use-metric-stream';
import { usePageView } from '../hooks/use-page-view';
import { ChatPanel } from './chat-panel';
import { DashboardGrid } from './dashboard-grid';
import { shareText } from './share-text';
import { StatusIndicator } from './status-indicator';

/** The signed-in user (access control on): the session's name and its end, in ms since the epoch. */
export type SessionInfo = { name: string; expiresAt: number };

/**
 * The live page: both connections, their indicators, the dashboard and the chat. `session` is
 * null when access control is off.
 */
export function PulseboardApp({ session }: { session: SessionInfo | null }) {
  const stream = useMetricStream(session !== null);
  const [savedName, setName] = useChatName();
  // Signed in (access control on): the server names us after the session anyway.
  const name = session?.name ?? savedName;
  const chat = useChat(name, session !== null);
  const resynced = stream.state.resyncedAt;
  const layout = useLayout(stream.client, stream.state.status === 'live');
  const view = usePageView();
  const client = chat.client;
  const canShare = name !== null;
  const onShare = useCallback(
    (widget: Widget) => {
      client.send(shareText(widget, window.location.search));
    },
    [client],
  );

  return (
    <div className="app">
      <header className="app-header">
        <h1>Pulseboard</h1>
        <div className="statuses">
          <StatusIndicator
            label="Metrics"
            status={stream.state.status}
            testId="status-stream"
            {...(resynced
              ? { note: `resynced at ${new Date(resynced).toLocaleTimeString()}` }
              : {})}
          />
          <StatusIndicator
            label="Chat"
            status={chat.view.status}
            testId="status-chat"
            {...(name === null ? { note: 'choose a name to join' } : {})}
          />
          {session ? (
            <form method="post" action="/api/logout" className="sign-out">
              <span data-testid="session-name">{session.name}</span>{' '}
              <button type="submit" className="link">
                Sign out
              </button>
            </form>
          ) : null}
        </div>
      </header>
      <div className="app-body">
        <main
          className="dashboard"
          aria-label="Dashboard"
          data-stale={stream.state.status === 'live' ? undefined : 'true'}
        >
          <DashboardGrid
            series={stream.series}
            store={stream.store}
            shared={layout}
            highlight={view?.widget}
            onShare={canShare ? onShare : undefined}
          />
        </main>
        <aside className="chat" data-stale={chat.view.status === 'live' ? undefined : 'true'}>
          <ChatPanel chat={chat} name={name} onName={setName} nameLocked={session !== null} />
        </aside>
      </div>
    </div>
  );
}
