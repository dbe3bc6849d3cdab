import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { sendJson } from '@/lib/http/http-response';
import { parseJsonText } from '@/lib/http/request-body';
import type { Route } from '@/lib/http/route';
import {
  DEFAULT_BOARD,
  describeIssue,
  type Layout,
  type LayoutHistory,
  StreamEvent,
} from '@/lib/protocol';
import type { BoardStore } from '@/lib/store/board-store';
import type { LayoutHistoryStore } from '@/lib/store/layout-history-store';
import { parseBoardSlug } from '../boards/board-request';
import { LAYOUT_PATH, type LayoutBroadcaster, type LayoutSource } from './layout-route';

/** Largest restore body, in bytes (`{"version","baseVersion"}`: 4 KiB). */
export const LAYOUT_RESTORE_BODY_MAX_BYTES = 4096;

export type LayoutHistoryDeps = {
  history: LayoutHistoryStore;
  /** The default board's layout. */
  layout: LayoutSource;
  boards: BoardStore;
  hub: LayoutBroadcaster;
};

const wholeNumber = (name: string, min: number) =>
  z
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`);

const restoreSchema = z.strictObject(
  { version: wholeNumber('version', 1), baseVersion: wholeNumber('baseVersion', 0) },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? 'unknown field' : 'the body must be an object',
  },
);

/**
 * The layout history API (docs/protocol.md#layout-history): `GET .../layout/history` lists the
 * kept versions of a board's layout, newest first; `POST .../layout/history/restore`
 * `{"version","baseVersion"}` saves that version's widgets as a new version (history is never
 * rewritten) when `baseVersion` is current, and announces it as a save is. For the default board
 * under `/api/layout/history` (also `/api/boards/default/layout/history`). Gated like the layout.
 */
export function layoutHistoryRoutes(deps: LayoutHistoryDeps): Route[] {
  const list = async (slug: string): Promise<LayoutHistory> => {
    if (slug !== DEFAULT_BOARD.slug) await deps.boards.layout(slug); // 404 for no such board
    return { versions: await deps.history.list(slug) };
  };
  const restore = async (slug: string, text: string): Promise<Layout> => {
    const parsed = restoreSchema.safeParse(parseJsonText(text));
    if (!parsed.success) throw new AppError('validation_failed', describeIssue(parsed.error));
    const { version, baseVersion } = parsed.data;
    if (slug !== DEFAULT_BOARD.slug) await deps.boards.layout(slug);
    const old = await deps.history.get(slug, version);
    if (!old) {
      throw new AppError(
        'not_found',
        `version ${version} of the layout of board ${slug} is not kept (it was never saved, or is older than the history)`,
      );
    }
    if (slug === DEFAULT_BOARD.slug) {
      const saved = await deps.layout.put(baseVersion, old.widgets);
      deps.hub.broadcast(StreamEvent.Layout, saved, saved.version);
      return saved;
    }
    const saved = await deps.boards.putLayout(slug, baseVersion, old.widgets);
    deps.hub.broadcast(
      StreamEvent.BoardLayout,
      { board: slug, ...saved },
      saved.version,
      `${StreamEvent.BoardLayout}:${slug}`,
    );
    return saved;
  };
  const routes = (path: string, slugOf: (params: Record<string, string>) => string): Route[] => [
    {
      methods: ['GET', 'HEAD'],
      path: `${path}/history`,
      auth: 'session',
      otherMethods: 'not_allowed',
      handler: async ({ res, params }) => sendJson(res, 200, await list(slugOf(params))),
    },
    {
      methods: ['POST'],
      path: `${path}/history/restore`,
      auth: 'session',
      bodyMaxBytes: LAYOUT_RESTORE_BODY_MAX_BYTES,
      otherMethods: 'not_allowed',
      handler: async ({ res, params, body }) =>
        sendJson(res, 200, await restore(slugOf(params), body?.text ?? '')),
    },
  ];
  return [
    ...routes(LAYOUT_PATH, () => DEFAULT_BOARD.slug),
    ...routes('/api/boards/:slug/layout', (params) => parseBoardSlug(params.slug)),
  ];
}
