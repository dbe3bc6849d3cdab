import { AppError } from '@/lib/errors';
import { sendJson } from '@/lib/http/http-response';
import { parseJsonText } from '@/lib/http/request-body';
import type { Route } from '@/lib/http/route';
import type { LayoutBroadcaster, LayoutSource } from '@/lib/layout/layout-route';
import { LAYOUT_BODY_MAX_BYTES, parseLayoutPut } from '@/lib/layout/layout-schema';
import {
  BOARDS_MAX,
  type Board,
  type BoardList,
  DEFAULT_BOARD,
  GENERAL_ROOM,
  numberedSlug,
  StreamEvent,
  slugOf,
} from '@/lib/protocol';
import type { BoardStore } from '@/lib/store/board-store';
import { BOARD_BODY_MAX_BYTES, parseBoardName, parseBoardSlug } from './board-request';

/** The boards path. */
export const BOARDS_PATH = '/api/boards';

export type BoardRouteDeps = {
  boards: BoardStore;
  /** The default board's layout (`/api/layout`'s). */
  layout: LayoutSource;
  hub: LayoutBroadcaster;
  /** A board was deleted: its chat room's sockets are closed (ChatHub.closeRoom). */
  onRemoved?: ((slug: string) => void) | undefined;
};

/**
 * The boards API (docs/protocol.md#boards): `GET /api/boards` lists the default board then the
 * others by name; `POST /api/boards` `{"name"}` creates one (201, its slug made from the name);
 * `PATCH /api/boards/<slug>` `{"name"}` renames, `DELETE /api/boards/<slug>` deletes (the
 * default board can be neither: 400); `GET`/`PUT /api/boards/<slug>/layout` read and save a
 * board's layout like `/api/layout` (the default board's is that one). Every change is
 * announced on every stream: `event: boards` for the list, `event: board-layout` for a
 * layout (`event: layout` for the default board's). Gated like the layout API (`session`).
 */
export function boardRoutes(deps: BoardRouteDeps): Route[] {
  const announceList = (slug: string) => deps.hub.broadcast(StreamEvent.Boards, { changed: slug });
  return [
    {
      methods: ['GET', 'HEAD'],
      path: BOARDS_PATH,
      auth: 'session',
      otherMethods: 'not_allowed',
      handler: async ({ res }) => {
        const answer: BoardList = { boards: [DEFAULT_BOARD, ...(await deps.boards.list())] };
        sendJson(res, 200, answer);
      },
    },
    {
      methods: ['POST'],
      path: BOARDS_PATH,
      auth: 'session',
      bodyMaxBytes: BOARD_BODY_MAX_BYTES,
      otherMethods: 'not_allowed',
      handler: async ({ res, body }) => {
        const name = parseBoardName(body?.text ?? '');
        const board = await createWithFreeSlug(deps.boards, name);
        announceList(board.slug);
        sendJson(res, 201, board);
      },
    },
    {
      methods: ['PATCH'],
      path: `${BOARDS_PATH}/:slug`,
      auth: 'session',
      bodyMaxBytes: BOARD_BODY_MAX_BYTES,
      otherMethods: 'not_allowed',
      handler: async ({ res, body, params }) => {
        const slug = notDefault(parseBoardSlug(params.slug), 'renamed');
        const board = await deps.boards.rename(slug, parseBoardName(body?.text ?? ''));
        announceList(slug);
        sendJson(res, 200, board);
      },
    },
    {
      methods: ['DELETE'],
      path: `${BOARDS_PATH}/:slug`,
      auth: 'session',
      otherMethods: 'not_allowed',
      handler: async ({ res, params }) => {
        const slug = notDefault(parseBoardSlug(params.slug), 'deleted');
        await deps.boards.remove(slug);
        deps.onRemoved?.(slug);
        announceList(slug);
        res.writeHead(204).end();
      },
    },
    {
      methods: ['GET', 'HEAD'],
      path: `${BOARDS_PATH}/:slug/layout`,
      auth: 'session',
      otherMethods: 'not_allowed',
      handler: async ({ res, params }) => {
        const slug = parseBoardSlug(params.slug);
        const layout =
          slug === DEFAULT_BOARD.slug ? await deps.layout.get() : await deps.boards.layout(slug);
        sendJson(res, 200, layout);
      },
    },
    {
      methods: ['PUT'],
      path: `${BOARDS_PATH}/:slug/layout`,
      auth: 'session',
      bodyMaxBytes: LAYOUT_BODY_MAX_BYTES,
      otherMethods: 'not_allowed',
      handler: async ({ res, body, params }) => {
        const slug = parseBoardSlug(params.slug);
        const put = parseLayoutPut(parseJsonText(body?.text ?? ''));
        if (slug === DEFAULT_BOARD.slug) {
          const saved = await deps.layout.put(put.baseVersion, put.widgets);
          deps.hub.broadcast(StreamEvent.Layout, saved, saved.version);
          sendJson(res, 200, saved);
          return;
        }
        const saved = await deps.boards.putLayout(slug, put.baseVersion, put.widgets);
        deps.hub.broadcast(
          StreamEvent.BoardLayout,
          { board: slug, ...saved },
          saved.version,
          `${StreamEvent.BoardLayout}:${slug}`,
        );
        sendJson(res, 200, saved);
      },
    },
  ];
}

/** Creates a board named `name` under its slug, or `<slug>-2`, `-3`, ... when taken. */
async function createWithFreeSlug(store: BoardStore, name: string): Promise<Board> {
  const existing = await store.list();
  if (existing.length + 1 >= BOARDS_MAX) {
    throw new AppError(
      'conflict',
      `this server keeps at most ${BOARDS_MAX} boards (the default one included): delete one first`,
    );
  }
  // `general` is the chat room of every board's page besides its own: no board takes it.
  const taken = new Set([DEFAULT_BOARD.slug, GENERAL_ROOM, ...existing.map((b) => b.slug)]);
  const base = slugOf(name);
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = numberedSlug(base, n);
  return store.create({ slug, name });
}

function notDefault(slug: string, what: string): string {
  if (slug !== DEFAULT_BOARD.slug) return slug;
  throw new AppError('bad_request', `the default board cannot be ${what}`);
}
