import type { WebSocket, WebSocketServer } from 'ws';
import { watchSessionEnd } from '@/lib/auth/session-timer';
import { AppError } from '@/lib/errors';
import type { ConnectionLimit } from '@/lib/http/connection-limit';
import type { RateLimiter } from '@/lib/http/ip-rate-limit';
import { rejectUpgrade } from '@/lib/http/reject-upgrade';
import type { RouteSession, UpgradeContext, UpgradeRoute } from '@/lib/http/route';
import {
  ChatErrorCode,
  CloseCode,
  GENERAL_ROOM,
  isRoomName,
  parseChatKey,
  parseChatName,
} from '@/lib/protocol';
import type { ChatHub } from './chat-hub';
import type { ChatJoin } from './chat-join';
import {
  type ChatSender,
  claimedNameSender,
  identityKeySender,
  sessionUserSender,
} from './chat-sender';
import type { NameHolds } from './name-holds';
import { isSystemAuthorName } from './system-author';

/** The chat endpoint. It must not coincide with an app route (Next would close the upgrade). */
export const CHAT_PATH = '/ws/chat';

export type ChatRouteDeps = {
  wss: WebSocketServer;
  hub: ChatHub;
  /** New sockets per address per minute, shared with SSE streams (RATE_LIMIT_CONNECT_PER_MIN). */
  rateLimit?: RateLimiter | undefined;
  /** Open sockets per address, shared with SSE streams (CONNECTIONS_MAX_PER_ADDRESS). */
  connections?: ConnectionLimit | undefined;
  /** Who holds each name (access control off); without it names are not held. */
  holds?: NameHolds | undefined;
  /**
   * Whether chat room `room` (a well-formed board slug, never `general`) exists: its board
   * does. Without it only `general` exists.
   */
  roomExists?: ((room: string) => Promise<boolean>) | undefined;
};

/**
 * The `/ws/chat` upgrade route. The upgrade router has checked the Host, the rate limit, the
 * session (access control on: 401 without one), the origin and the open-connection cap; this
 * checks the query (400 `bad_request`; a `room` that is neither `general` nor an existing
 * board's slug: 404 `not_found`) and hands the socket to the chat hub. With a session, the chat
 * name is the session's. The system author's name is refused in any room, as a held name.
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

async function acceptChat(
  deps: ChatRouteDeps,
  { req, socket, head, clientAddress, session }: UpgradeContext,
) {
  const url = new URL(`http://localhost${req.url ?? '/'}`);
  const join = parseJoin(url.searchParams);
  if (typeof join === 'string') {
    rejectUpgrade(socket, 400, 'bad_request', join);
    return;
  }
  const room = join.room ?? GENERAL_ROOM;
  if (room !== GENERAL_ROOM && !(await deps.roomExists?.(room))) {
    throw new AppError('not_found', `there is no chat room ${room}: no board has that slug`);
  }
  if (socket.destroyed) return;
  join.remoteAddress = clientAddress;
  // Nobody speaks as someone else: the session's name wins over `?name=` and `?key=`.
  if (session) {
    join.name = session.name;
    join.reader = false;
  }
  const sender = senderOf(join, session !== undefined);
  join.sender = sender;
  const reserved = !join.reader && isSystemAuthorName(join.name);
  const held = !reserved && !session && !join.reader ? deps.holds : undefined;
  // Taken before the handshake (on a cluster the database is asked); given back when the
  // socket closes, whether or not the handshake completed.
  const release = held ? await held.take(join.name, sender) : undefined;
  if (release) socket.once('close', release);
  if (socket.destroyed) {
    release?.();
    return;
  }
  deps.wss.handleUpgrade(req, socket, head, (ws) => {
    if (reserved || (held && !release)) {
      refuseTakenName(ws, join.name);
      return;
    }
    deps.hub.onOpen(ws, join);
    if (session) closeOnSessionEnd(ws, session);
  });
}

function senderOf(join: ChatJoin, signedIn: boolean): ChatSender {
  if (signedIn) return sessionUserSender(join.name);
  return join.key === undefined ? claimedNameSender(join.name) : identityKeySender(join.key);
}

/** The name is held by another identity: an error frame `name_taken`, then close 4409. */
function refuseTakenName(ws: WebSocket, name: string): void {
  const message = `the name ${JSON.stringify(name)} is taken; choose another`;
  ws.send(JSON.stringify({ type: 'error', code: ChatErrorCode.NameTaken, message }));
  ws.close(CloseCode.NameTaken, 'name taken');
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
  const keys = params.getAll('key');
  const reads = params.getAll('read');
  const rooms = params.getAll('room');
  if (names.length > 1 || sinces.length > 1 || keys.length > 1 || reads.length > 1) {
    return 'name, since, key and read may each be given once';
  }
  if (rooms.length > 1) return 'room may be given once';
  let name = `guest-${Math.random().toString(36).slice(2, 6)}`;
  if (names[0] !== undefined && names[0].trim() !== '') {
    // Safe display text (lib/protocol/display-text.ts): the message names a refused character.
    const parsed = parseChatName(names[0]);
    if (!parsed.ok) return parsed.message;
    name = parsed.name;
  }
  const join: ChatJoin = { name };
  if (rooms[0] !== undefined) {
    if (!isRoomName(rooms[0])) {
      return 'room must be "general" or a board slug (lowercase letters, digits and single dashes, at most 48)';
    }
    join.room = rooms[0];
  }
  if (keys[0] !== undefined) {
    const key = parseChatKey(keys[0]);
    if (!key.ok) return key.message;
    join.key = key.key;
  }
  if (reads[0] !== undefined) {
    if (reads[0] !== '1') return 'read must be 1 (watch the chat without a name) when given';
    join.reader = true;
    // A reader has no name: it is not online and its welcome names nobody.
    join.name = '';
  }
  const since = sinces[0];
  if (since !== undefined && since !== '') {
    if (!/^\d{1,15}$/.test(since)) return 'since must be a non-negative whole message id';
    join.since = Number(since);
  }
  return join;
}
