'use client';

import { useChat } from '../hooks/use-chat';
import { useChatName } from '../hooks/use-chat-name';
import { useMetricStream } from '../hooks/use-metric-stream';
import { ChatPanel } from './chat-panel';
import { DashboardGrid } from './dashboard-grid';
import { StatusIndicator } from './status-indicator';

/** The live page: both connections, their indicators, the dashboard and the chat. */
export function PulseboardApp() {
  const stream = useMetricStream();
  const [name, setName] = useChatName();
  const chat = useChat(name);
  const resynced = stream.state.resyncedAt;

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
        </div>
      </header>
      <div className="app-body">
        <main
          className="dashboard"
          aria-label="Dashboard"
          data-stale={stream.state.status === 'live' ? undefined : 'true'}
        >
          <DashboardGrid series={stream.series} store={stream.store} />
        </main>
        <aside className="chat" data-stale={chat.view.status === 'live' ? undefined : 'true'}>
          <ChatPanel chat={chat} name={name} onName={setName} />
        </aside>
      </div>
    </div>
  );
}
