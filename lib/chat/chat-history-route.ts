import { AppError } from '@/lib/errors';
import { sendJson } from '@/lib/http/http-response';
import type { RateLimiter } from '@/lib/http/ip-rate-limit';
import type { Route } from '@/lib/http/route';
import {
  CHAT_MESSAGES_PATH,
  CHAT_PAGE_DEFAULT_MESSAGES,
  CHAT_PAGE_MAX_MESSAGES,
  type ChatHistoryAnswer,
  GENERAL_ROOM,
  isRoomName,
} from '@/lib/protocol';
import type { ChatStore } from '@/lib/store/chat-store';

export type ChatHistoryRouteDeps = {
  store: Pick<ChatStore, 'before'>;
  /** Reads per address per minute. */
  rateLimit?: RateLimiter | undefined;
  /** Whether a board's chat room exists (see ChatRouteDeps); without it only `general` does. */
  roomExists?: ((room: string) => Promise<boolean>) | undefined;
};

/**
 * `GET /api/chat/messages?room=<room>&before=<id>&limit=<n>`: the page scrolling up reads older
 * messages of a room (default `general`; see ChatHistoryAnswer). Gated like the chat socket
 * (`session`: 401 without one when access control is on); bad parameters get 400
 * `bad_request`, a room that is neither `general` nor a board 404 `not_found`; other methods
 * 405.
 */
export function chatHistoryRoutes(deps: ChatHistoryRouteDeps): Route[] {
  return [
    {
      methods: ['GET', 'HEAD'],
      path: CHAT_MESSAGES_PATH,
      auth: 'session',
      rateLimit: deps.rateLimit,
      otherMethods: 'not_allowed',
      handler: async ({ res, url }) => {
        const { room, before, limit } = parseHistoryPage(url.searchParams);
        if (room !== GENERAL_ROOM && !(await deps.roomExists?.(room))) {
          throw new AppError('not_found', `there is no chat room ${room}: no board has that slug`);
        }
        const answer: ChatHistoryAnswer = await deps.store.before(room, before, limit);
        // Only a board's room is named: a `general` reader gets the answer it always got.
        if (room !== GENERAL_ROOM) answer.room = room;
        sendJson(res, 200, answer);
      },
    },
  ];
}

/**
 * Reads `room` (`general` or a board slug; default `general`), `before` (a message id, 1 or more; absent: from the newest) and `limit` (1 to
 * CHAT_PAGE_MAX_MESSAGES; default CHAT_PAGE_DEFAULT_MESSAGES), each at most once. Throws
 * AppError `bad_request` naming the bad parameter.
 */
export function parseHistoryPage(params: URLSearchParams): {
  room: string;
  before: number | undefined;
  limit: number;
} {
  const room = single(params, 'room') ?? GENERAL_ROOM;
  if (!isRoomName(room)) {
    throw new AppError('bad_request', 'room must be "general" or a board slug');
  }
  const before = single(params, 'before');
  const limit = single(params, 'limit');
  if (before !== undefined && !/^[1-9]\d{0,14}$/.test(before)) {
    throw new AppError('bad_request', 'before must be a message id (a whole number from 1)');
  }
  const count = limit === undefined ? CHAT_PAGE_DEFAULT_MESSAGES : Number(limit);
  if (
    limit !== undefined &&
    (!/^\d{1,3}$/.test(limit) || count < 1 || count > CHAT_PAGE_MAX_MESSAGES)
  ) {
    throw new AppError(
      'bad_request',
      `limit must be a whole number from 1 to ${CHAT_PAGE_MAX_MESSAGES}`,
    );
  }
  return { room, before: before === undefined ? undefined : Number(before), limit: count };
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new AppError('bad_request', `${name} may be given once`);
  return values[0];
}
