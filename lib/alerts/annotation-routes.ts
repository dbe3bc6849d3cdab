import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { sendJson } from '@/lib/http/http-response';
import { parseJsonText } from '@/lib/http/request-body';
import type { Route } from '@/lib/http/route';
import {
  ANNOTATION_TEXT_MAX_CHARS,
  ANNOTATIONS_PATH,
  ANNOTATIONS_READ_MAX,
  type AnnotationList,
  BOARD_SLUG_PATTERN,
  DEFAULT_BOARD,
  describeIssue,
} from '@/lib/protocol';
import { displayTextSchema } from '@/lib/protocol/display-text-schema';
import type { AlertStore, AnnotationInput } from '@/lib/store/alert-store';

/** Largest `POST /api/annotations` body, in bytes (4 KiB). */
export const ANNOTATION_BODY_MAX_BYTES = 4096;

export type AnnotationRouteDeps = {
  store: AlertStore;
  /** INGEST_TOKEN: a deploy script (`pulseboard annotate`) posts with it when access control is on. */
  ingestToken: string | undefined;
  /** The clock for an annotation without `ts`, in Unix milliseconds. */
  clock?: () => number;
};

const postSchema = z.strictObject(
  {
    text: displayTextSchema('text', ANNOTATION_TEXT_MAX_CHARS, { countTrimmed: true }),
    ts: z
      .number({ error: 'ts must be a whole number of milliseconds' })
      .int('ts must be a whole number of milliseconds')
      .min(0, 'ts must not be negative')
      .max(Number.MAX_SAFE_INTEGER, 'ts is too large')
      .optional(),
    board: z
      .string({ error: 'board must be a string' })
      .regex(BOARD_SLUG_PATTERN, 'board must be a board slug')
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? 'unknown field' : 'the body must be an object',
  },
);

/**
 * `POST /api/annotations` `{"text","ts"?,"board"?}` -> 201 with the annotation (`ts` defaults
 * to now; no board, or the default one: every board shows it); `GET /api/annotations?from=&to=
 * [&board=]` -> `{"annotations"}` by time (with `board`: that board's and the global ones;
 * without: all), the newest ANNOTATIONS_READ_MAX in the range.
 */
export function annotationRoutes(deps: AnnotationRouteDeps): Route[] {
  const clock = deps.clock ?? Date.now;
  return [
    {
      methods: ['POST'],
      path: ANNOTATIONS_PATH,
      auth: { bearer: deps.ingestToken, orSession: true },
      bodyMaxBytes: ANNOTATION_BODY_MAX_BYTES,
      otherMethods: 'fallback',
      handler: async ({ res, body }) => {
        const parsed = postSchema.safeParse(parseJsonText(body?.text ?? ''));
        if (!parsed.success) throw new AppError('validation_failed', describeIssue(parsed.error));
        const { text, ts, board } = parsed.data;
        const input: AnnotationInput = {
          text: text.trim(),
          ts: ts ?? clock(),
          board: board === undefined || board === DEFAULT_BOARD.slug ? null : board,
        };
        sendJson(res, 201, await deps.store.addAnnotation(input));
      },
    },
    {
      methods: ['GET', 'HEAD'],
      path: ANNOTATIONS_PATH,
      auth: 'session',
      otherMethods: 'not_allowed',
      handler: async ({ res, url }) => {
        const from = msParam(url, 'from');
        const to = msParam(url, 'to');
        if (from > to) throw new AppError('bad_request', 'from must not be after to');
        const board = url.searchParams.get('board') ?? undefined;
        if (board !== undefined && !BOARD_SLUG_PATTERN.test(board)) {
          throw new AppError('bad_request', 'board must be a board slug');
        }
        // No annotation is stored under the default board (they are stored global): its page
        // asks `board=default` and gets the global ones.
        const scope = board;
        const answer: AnnotationList = {
          annotations: await deps.store.listAnnotations(
            { from, to, board: scope },
            ANNOTATIONS_READ_MAX,
          ),
        };
        sendJson(res, 200, answer);
      },
    },
  ];
}

function msParam(url: URL, name: string): number {
  const raw = url.searchParams.get(name);
  if (raw !== null && /^\d{1,15}$/.test(raw)) return Number(raw);
  throw new AppError('bad_request', `${name} must be a time in whole milliseconds since the epoch`);
}
