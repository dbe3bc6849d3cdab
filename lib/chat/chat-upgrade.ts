import type { WebSocket, WebSocketServer } from 'ws';
import { watchSessionEnd } from '@/lib/auth/session-timer';
import type { ConnectionLimit } from '@/lib/http/connection-limit';
import type { RateLimiter } from '@/lib/http/ip-rate-limit';
import { rejectUpgrade } from '@/lib/http/reject-upgrade';
import type { RouteSession, UpgradeContext, UpgradeRoute } from '@/lib/http/route';
import { CloseCode, parseChatName } from '@/lib/protocol';
import type { ChatHub, ChatJoin } from './chat-hub';
import { claimedNameSender, sessionUserSender } from './chat-sender';

/** The chat endpoint. It must not coincide with an app route (Next would close the upgrade). */
export const CHAT_PATH = '/ws/chat';

export type ChatRouteDeps = {
  wss: WebSocketServer;
  hub: ChatHub;
  /** New sockets per address per minute, shared with SSE streams (RATE_LIMIT_CONNECT_PER_MIN). */
  rateLimit?: RateLimiter | undefined;
  /** Open sockets per address, shared with SSE streams (CONNECTIONS_MAX_PER_ADDRESS). */
  connections?: ConnectionLimit | undefined;
};

/**
 * The `/ws/chat` upgrade route. The upgrade router has checked the Host, the rate limit, the
 * session (access control on: 401 without one), the origin and the open-connection cap; this
 * checks the query and hands the socket to the chat hub. With a session, the chat name is the
 * session's.
 */
export function chatUpgradeRoute(deps: ChatRouteDeps): UpgradeRoute {
  return {
    path: CHAT_PATH,
    auth: 'session',
    rateLimit: deps.rateLimit,
    connections: deps.connections,
    handler: (ctx) => acceptChat(deps, ctx),
  };
}

function acceptChat(
  deps: ChatRouteDeps,
  { req, socket, head, clientAddress, session }: UpgradeContext,
) {
  const url = new URL(`http://localhost${req.url ?? '/'}`);
  const join = parseJoin(url.searchParams);
  if (typeof join === 'string') {
    rejectUpgrade(socket, 400, 'bad_request', join);
    return;
  }
  join.remoteAddress = clientAddress;
  // Nobody speaks as someone else: the session's name wins over `?name=`.
  if (session) join.name = session.name;
  join.sender = session ? sessionUserSender(join.name) : claimedNameSender(join.name);
  deps.wss.handleUpgrade(req, socket, head, (ws) => {
    deps.hub.onOpen(ws, join);
    if (session) closeOnSessionEnd(ws, session);
  });
}

/**
 * Closes the socket with 4401 and the reason (`session expired`, `session revoked`) when the
 * session ends; the watch goes when the socket closes.
 */
export function closeOnSessionEnd(ws: WebSocket, session: Pick<RouteSession, 'exp' | 'watch'>) {
  const cancel = watchSessionEnd(session, (reason) => ws.close(CloseCode.SessionExpired, reason));
  ws.once('close', cancel);
}

/** The join parameters, or a sentence saying what is wrong with them. */
export function parseJoin(params: URLSearchParams): ChatJoin | string {
  const names = params.getAll('name');
  const sinces = params.getAll('since');
  if (names.length > 1 || sinces.length > 1) return 'name and since may each be given once';
  let name = `guest-${Math.random().toString(36).slice(2, 6)}`;
  if (names[0] !== undefined && names[0].trim() !== '') {
    // Safe display text (lib/protocol/display-text.ts): the message names a refused character.
    const parsed = parseChatName(names[0]);
    if (!parsed.ok) return parsed.message;
    name = parsed.name;
  }
  const join: ChatJoin = { name };
  const since = sinces[0];
  if (since !== undefined && since !== '') {
    if (!/^\d{1,15}$/.test(since)) return 'since must be a non-negative whole message id';
    join.since = Number(since);
  }
  return join;
}
