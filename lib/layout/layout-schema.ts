import { z } from 'zod';
import { AppError } from '@/lib/errors';
import {
  describeIssue,
  LAYOUT_MAX_WIDGETS,
  type LayoutPut,
  parseSeriesKey,
  SERIES_UNIT_MAX_CHARS,
  WIDGET_COLS_MAX,
  WIDGET_ID_PATTERN,
  WIDGET_KINDS,
  WIDGET_ROWS_MAX,
  WIDGET_SERIES_MAX,
  WIDGET_SIZES,
  WIDGET_TEXT_MAX_CHARS,
} from '@/lib/protocol';
import { displayTextSchema } from '@/lib/protocol/display-text-schema';

/**
 * Largest `PUT /api/layout` body, in bytes (2.5 MiB). The largest valid body (LAYOUT_MAX_WIDGETS
 * panels of WIDGET_SERIES_MAX series keys of SERIES_KEY_MAX_BYTES made of escaped quotes, which
 * JSON writes in twice the bytes, the longest ids, numbers and texts) is about 2.2 MB, so it
 * always fits; a real layout is a few KB (a board of 200 plain panels about 20 KB).
 */
export const LAYOUT_BODY_MAX_BYTES = 2.5 * 1024 * 1024;

const finite = (name: string) => z.number({ error: `${name} must be a finite number` });

/** A whole number of grid units from 1 to `max`. */
const gridUnits = (name: string, max: number) =>
  z
    .number({ error: `${name} must be a whole number from 1 to ${max}` })
    .int(`${name} must be a whole number from 1 to ${max}`)
    .min(1, `${name} must be a whole number from 1 to ${max}`)
    .max(max, `${name} must be a whole number from 1 to ${max}`);

/** A series key, stored canonical (labels sorted by name). */
const seriesKey = (name: string) =>
  z.string({ error: `${name} must be a string` }).transform((text, ctx) => {
    const parsed = parseSeriesKey(text);
    if (!('problem' in parsed)) return parsed.key;
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  });

const widgetSchema = z
  .strictObject(
    {
      id: z
        .string({ error: 'id must be a string' })
        .regex(WIDGET_ID_PATTERN, `id must match ${WIDGET_ID_PATTERN.source}`),
      // A series key (lib/protocol/series-key.ts), stored canonical: labels sorted by name.
      series: seriesKey('series'),
      kind: z.enum(WIDGET_KINDS, { error: 'kind must be line, stat or gauge' }),
      size: z.enum(WIDGET_SIZES, { error: 'size must be s, m or l' }),
      warn: finite('warn').optional(),
      critical: finite('critical').optional(),
      min: finite('min').optional(),
      max: finite('max').optional(),
      title: displayTextSchema('title', WIDGET_TEXT_MAX_CHARS).optional(),
      extraSeries: z
        .array(seriesKey('extraSeries[]'), { error: 'extraSeries must be an array of keys' })
        .max(
          WIDGET_SERIES_MAX - 1,
          `a panel draws at most ${WIDGET_SERIES_MAX} series (extraSeries at most ${WIDGET_SERIES_MAX - 1})`,
        )
        .optional(),
      names: z
        .array(displayTextSchema('names[]', WIDGET_TEXT_MAX_CHARS, { allowEmpty: true }), {
          error: 'names must be an array of strings',
        })
        .max(WIDGET_SERIES_MAX, `names must hold at most ${WIDGET_SERIES_MAX} names`)
        .optional(),
      unit: displayTextSchema('unit', SERIES_UNIT_MAX_CHARS).optional(),
      section: displayTextSchema('section', WIDGET_TEXT_MAX_CHARS).optional(),
      w: gridUnits('w', WIDGET_COLS_MAX).optional(),
      h: gridUnits('h', WIDGET_ROWS_MAX).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? `unknown field` : 'a widget must be an object',
    },
  )
  .refine((w) => w.warn === undefined || w.critical === undefined || w.warn <= w.critical, {
    error: 'warn must not be above critical',
  })
  .refine((w) => w.min === undefined || w.max === undefined || w.min < w.max, {
    error: 'min must be below max',
  })
  .refine(
    (w) => new Set([w.series, ...(w.extraSeries ?? [])]).size === 1 + (w.extraSeries?.length ?? 0),
    {
      error: 'a panel must not draw one series twice',
    },
  )
  .refine((w) => (w.names?.length ?? 0) <= 1 + (w.extraSeries?.length ?? 0), {
    error: 'names must not hold more names than the panel has series',
  });

/** `PUT /api/layout` body. */
export const layoutPutSchema = z.strictObject({
  baseVersion: z
    .number({ error: 'baseVersion must be a whole number' })
    .int('baseVersion must be a whole number')
    .min(0, 'baseVersion must not be negative'),
  widgets: z
    .array(widgetSchema, { error: 'widgets must be an array' })
    .max(LAYOUT_MAX_WIDGETS, `widgets must hold at most ${LAYOUT_MAX_WIDGETS} widgets`)
    .refine((ws) => new Set(ws.map((w) => w.id)).size === ws.length, {
      error: 'widget ids must be unique',
    }),
});

/** The parsed body; throws AppError `validation_failed` naming the first problem. */
export function parseLayoutPut(json: unknown): LayoutPut {
  const parsed = layoutPutSchema.safeParse(json);
  if (!parsed.success) throw new AppError('validation_failed', describeIssue(parsed.error));
  return parsed.data;
}
