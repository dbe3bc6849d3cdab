import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { parseJsonText } from '@/lib/http/request-body';
import {
  ALERT_CONDITIONS,
  ALERT_FOR_MAX_MS,
  ALERT_NAME_MAX_CHARS,
  ALERT_SEVERITIES,
  type AlertRuleInput,
  BOARD_SLUG_PATTERN,
  describeIssue,
  parseSeriesKey,
} from '@/lib/protocol';
import { displayTextSchema } from '@/lib/protocol/display-text-schema';

/** Largest `POST`/`PUT /api/alert-rules` body, in bytes (4 KiB: a series key is at most 512). */
export const ALERT_RULE_BODY_MAX_BYTES = 4096;

const ruleSchema = z
  .strictObject(
    {
      // A rule may watch a series not seen yet (it fires `absent`, or waits), but its key must be valid.
      series: z.string({ error: 'series must be a string' }).transform((text, ctx) => {
        const parsed = parseSeriesKey(text);
        if (!('problem' in parsed)) return parsed.key;
        ctx.addIssue({ code: 'custom', message: `series: ${parsed.problem}` });
        return z.NEVER;
      }),
      condition: z.enum(ALERT_CONDITIONS, { error: 'condition must be above, below or absent' }),
      threshold: z.number({ error: 'threshold must be a finite number' }).optional(),
      forMs: z
        .number({ error: 'forMs must be a whole number of milliseconds' })
        .int('forMs must be a whole number of milliseconds')
        .min(0, 'forMs must not be negative')
        .max(ALERT_FOR_MAX_MS, `forMs must be at most ${ALERT_FOR_MAX_MS} (7 days)`),
      severity: z.enum(ALERT_SEVERITIES, { error: 'severity must be warning or critical' }),
      board: z
        .string({ error: 'board must be a string' })
        .regex(BOARD_SLUG_PATTERN, 'board must be a board slug')
        .optional(),
      name: displayTextSchema('name', ALERT_NAME_MAX_CHARS).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? 'unknown field' : 'the body must be an object',
    },
  )
  .superRefine((rule, ctx) => {
    if (rule.condition === 'absent' && rule.threshold !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: 'an absent rule takes no threshold',
      });
    }
    if (rule.condition !== 'absent' && rule.threshold === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: `an ${rule.condition} rule needs a threshold`,
      });
    }
  });

/** The rule of a `POST`/`PUT /api/alert-rules` body (series key canonical); 400 naming the problem. */
export function parseAlertRule(text: string): AlertRuleInput {
  const parsed = ruleSchema.safeParse(parseJsonText(text));
  if (!parsed.success) throw new AppError('validation_failed', describeIssue(parsed.error));
  const { threshold, board, name, ...rest } = parsed.data;
  return {
    ...rest,
    ...(threshold === undefined ? {} : { threshold }),
    ...(board === undefined ? {} : { board }),
    ...(name === undefined ? {} : { name }),
  };
}

/** A rule id from the path: a positive whole number; 400 `bad_request` otherwise. */
export function parseRuleId(raw: string | undefined): number {
  if (raw !== undefined && /^[1-9]\d{0,14}$/.test(raw)) return Number(raw);
  throw new AppError('bad_request', 'an alert rule id is a positive whole number');
}
