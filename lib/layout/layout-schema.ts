import { z } from 'zod';
import { AppError } from '@/lib/errors';
import {
  describeIssue,
  LAYOUT_MAX_WIDGETS,
  type LayoutPut,
  parseSeriesKey,
  WIDGET_ID_PATTERN,
  WIDGET_KINDS,
  WIDGET_SIZES,
} from '@/lib/protocol';

/**
 * Largest `PUT /api/layout` body, in bytes (192 KiB). The largest valid body (LAYOUT_MAX_WIDGETS
 * widgets with series keys of SERIES_KEY_MAX_BYTES made of escaped quotes, which JSON writes in
 * twice the bytes, the longest ids and numbers) is about 148 KB, so it always fits.
 */
export const LAYOUT_BODY_MAX_BYTES = 192 * 1024;

const finite = (name: string) => z.number({ error: `${name} must be a finite number` });

const widgetSchema = z
  .strictObject(
    {
      id: z
        .string({ error: 'id must be a string' })
        .regex(WIDGET_ID_PATTERN, `id must match ${WIDGET_ID_PATTERN.source}`),
      // A series key (lib/protocol/series-key.ts), stored canonical: labels sorted by name.
      series: z.string({ error: 'series must be a string' }).transform((text, ctx) => {
        const parsed = parseSeriesKey(text);
        if (!('problem' in parsed)) return parsed.key;
        ctx.addIssue({ code: 'custom', message: parsed.problem });
        return z.NEVER;
      }),
      kind: z.enum(WIDGET_KINDS, { error: 'kind must be line, stat or gauge' }),
      size: z.enum(WIDGET_SIZES, { error: 'size must be s, m or l' }),
      warn: finite('warn').optional(),
      critical: finite('critical').optional(),
      min: finite('min').optional(),
      max: finite('max').optional(),
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
