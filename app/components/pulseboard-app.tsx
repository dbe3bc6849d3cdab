'use client';

import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_BOARD, GENERAL_ROOM, type Widget } from '@/lib/protocol';
import { formatClock } from '../client/clock-format';
import { pinMessage } from '../client/pin-message';
import { useAnnotations } from '../client/use-annotations';
import { useBoards } from '../client/use-boards';
import { useChat } from '../client/use-chat';
import { useChatIdentity } from '../client/use-chat-identity';
import { useLayout } from '../client/use-layout';
import { useMetricStream } from '../client/use-metric-stream';
import { usePageView } from '../client/use-page-view';
import type { ThemeChoice } from '../theme/theme-choice';
import { ThemeToggle } from '../theme/theme-toggle';
import { AnnotationsContext } from './annotations-context';
import { BoardMenu } from './boards/board-menu';
import { ChatPanel } from './chat-panel';
import { DashboardGrid } from './dashboard-grid';
import { shareText } from './share-text';
import { SkipLinks } from './skip-links';
import { StatusIndicator } from './status-indicator';
import { StreamDownBanner } from './stream-down-banner';
import { TimeToolbar, useTimeControls } from './time-toolbar';
import { TimeViewContext } from './time-view-context';

/** The signed-in user (access control on): the session's name and its end, in ms since the epoch. */
export type SessionInfo = { name: string; expiresAt: number };

/**
 * The live page: both connections, their indicators, the dashboard and the chat. `session` is
 * null when access control is off; `theme` is the choice the server read from the cookie.
 */
export function PulseboardApp({
  session,
  theme = 'system',
  board,
}: {
  session: SessionInfo | null;
  theme?: ThemeChoice;
  /** The board shown (`/b/<slug>`); undefined: the default board at `/`. */
  board?: string | undefined;
}) {
  const boardSlug = board ?? DEFAULT_BOARD.slug;
  const stream = useMetricStream(session !== null);
  const { identity, proposal, setName } = useChatIdentity();
  // Signed in (access control on): the server names us after the session anyway.
  const name = session?.name ?? identity?.name ?? null;
  const boards = useBoards(stream.subscribeEvent, stream.state.status === 'live');
  const missing = boards.boards !== undefined && !boards.boards.some((b) => b.slug === boardSlug);
  // A board's page shows its own chat room; `general` is one click away (and the default
  // board's, and a deleted board's, room).
  const [inGeneral, setInGeneral] = useState(false);
  const room = board === undefined || missing || inGeneral ? GENERAL_ROOM : board;
  const chat = useChat(
    name !== null
      ? { name, key: session ? undefined : identity?.key }
      : identity
        ? { reader: true }
        : null,
    session !== null,
    room,
  );
  const taken = chat.view.nameTaken;
  useEffect(() => {
    // The server refused this tab's name: forget it here; the panel proposes another.
    if (taken !== undefined && !session) setName(null);
  }, [taken, session, setName]);
  const resynced = stream.state.resyncedAt;
  const time = useTimeControls(stream.store, resynced);
  const layout = useLayout(stream.subscribeEvent, stream.state.status === 'live', boardSlug);
  const view = usePageView();
  const annotations = useAnnotations(
    boardSlug,
    stream.subscribeEvent,
    stream.state.status === 'live',
  );
  const client = chat.client;
  const canShare = name !== null;
  const onShare = useCallback(
    (widget: Widget) => {
      client.send(shareText(widget, window.location.search, board));
    },
    [client, board],
  );

  return (
    <div className="app">
      <SkipLinks />
      <header className="app-header">
        <h1>Pulseboard</h1>
        <BoardMenu current={boardSlug} boards={boards.boards} onChanged={boards.reload} />
        <div className="statuses">
          <StatusIndicator
            label="Metrics"
            status={stream.state.status}
            testId="status-stream"
            {...(resynced
              ? { note: `resynced at ${formatClock(resynced, { seconds: true })}` }
              : {})}
          />
          <StatusIndicator
            label="Chat"
            status={chat.view.status}
            testId="status-chat"
            // Reading before joining is not an error: a neutral pill, not a red "offline".
            {...(name === null ? { idle: 'not joined', note: 'choose a name to write' } : {})}
          />
          {session ? (
            <form method="post" action="/api/logout" className="sign-out">
              <span data-testid="session-name">{session.name}</span>{' '}
              <button type="submit" className="link">
                Sign out
              </button>
            </form>
          ) : null}
          <ThemeToggle initial={theme} />
        </div>
      </header>
      <StreamDownBanner status={stream.state.status} />
      <nav className="phone-tabs" aria-label="Sections">
        <a href="#dashboard">Dashboard</a>
        <a href="#chat" data-testid="phone-chat-tab">
          Chat
        </a>
      </nav>
      <TimeToolbar controls={time} streamStatus={stream.state.status} />
      <div className="app-body">
        <main
          id="dashboard"
          tabIndex={-1}
          className="dashboard"
          aria-label="Dashboard"
          data-stale={stream.state.status === 'live' ? undefined : 'true'}
        >
          {missing ? (
            <p className="form-error" role="alert" data-testid="board-missing">
              There is no board “{boardSlug}”: it was deleted, or the link is wrong.{' '}
              <a href="/">Go to the default board</a>
            </p>
          ) : null}
          <TimeViewContext.Provider value={time.view}>
            <AnnotationsContext.Provider value={annotations}>
              <DashboardGrid
                key={time.key}
                catalog={stream.catalog}
                live={stream.store}
                store={time.display.source}
                shared={layout}
                highlight={view?.widget}
                onShare={canShare ? onShare : undefined}
              />
            </AnnotationsContext.Provider>
          </TimeViewContext.Provider>
        </main>
        <aside
          id="chat"
          tabIndex={-1}
          className="chat"
          aria-label="Team chat"
          data-stale={chat.view.status === 'live' ? undefined : 'true'}
        >
          <ChatPanel
            // Another room is another conversation: the panel starts afresh.
            key={room}
            chat={chat}
            name={name}
            proposal={proposal}
            onName={setName}
            nameLocked={session !== null}
            onPin={(line) => pinMessage(line, boardSlug)}
            rooms={{
              current: room,
              board:
                board === undefined || missing
                  ? undefined
                  : {
                      slug: board,
                      name: boards.boards?.find((b) => b.slug === board)?.name ?? board,
                    },
              onSwitch: (next) => setInGeneral(next === GENERAL_ROOM),
            }}
          />
        </aside>
      </div>
    </div>
  );
}
