import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { AccessControl } from '@/lib/auth/access-control';
import { scheduleSessionEnd } from '@/lib/auth/session-timer';
import { clientAddress } from '@/lib/http/client-address';
import type { IpRateLimit } from '@/lib/http/ip-rate-limit';
import { refuseUpgradeOverRateLimit } from '@/lib/http/rate-limit-gate';
import { rejectUpgrade } from '@/lib/http/reject-upgrade';
import { CloseCode, parseChatName } from '@/lib/protocol';
import type { ChatHub, ChatJoin } from './chat-hub';
import { isOriginAllowed } from './origin-policy';

/** The chat endpoint. It must not coincide with an app route (Next would close the upgrade). */
export const CHAT_PATH = '/ws/chat';

export type ChatUpgradeOptions = {
  allowedOrigins: readonly string[];
  trustProxy?: boolean;
  /** Per-address limit on new sockets, shared with SSE streams (RATE_LIMIT_CONNECT_PER_MIN). */
  connectLimit?: IpRateLimit;
  /** Access control; when set, a socket needs a valid session and speaks as its name. */
  access?: AccessControl | undefined;
};

/**
 * Checks the rate limit, the session (access control on: 401 without one), the origin and the
 * query, then hands the socket to the chat hub. With a session, the chat name is the session's.
 */
export function handleChatUpgrade(
  wss: WebSocketServer,
  hub: ChatHub,
  options: ChatUpgradeOptions,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  const { connectLimit, trustProxy = false } = options;
  if (connectLimit && refuseUpgradeOverRateLimit(connectLimit, trustProxy, request, socket)) return;
  const session = options.access?.sessionOf(request.headers.cookie);
  if (options.access && !session) {
    rejectUpgrade(socket, 401, 'unauthorized', 'no valid session; sign in at /login');
    return;
  }
  const origin = request.headers.origin;
  if (!isOriginAllowed(origin, request.headers.host, options.allowedOrigins)) {
    rejectUpgrade(socket, 403, 'forbidden', `origin ${origin} is not allowed`);
    return;
  }
  const url = new URL(request.url ?? '/', 'http://localhost');
  const join = parseJoin(url.searchParams);
  if (typeof join === 'string') {
    rejectUpgrade(socket, 400, 'bad_request', join);
    return;
  }
  join.remoteAddress = clientAddress(request, trustProxy);
  // Nobody speaks as someone else: the session's name wins over `?name=`.
  if (session) join.name = session.name;
  wss.handleUpgrade(request, socket, head, (ws) => {
    hub.onOpen(ws, join);
    if (session) closeOnExpiry(ws, session.exp);
  });
}

/** Closes the socket with 4401 when the session ends; the timer goes when the socket closes. */
export function closeOnExpiry(ws: WebSocket, exp: number): void {
  const cancel = scheduleSessionEnd(exp, () =>
    ws.close(CloseCode.SessionExpired, 'session expired'),
  );
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
