import { z } from 'zod';
import { displayTextProblem } from './display-text';

/**
 * The schema of a body field `field` of safe display text (./display-text.ts) of 1 to
 * `maxChars` characters: each problem is a 400 sentence naming the field ("title must not be
 * empty", "name must be at most 80 characters", "text U+202E ... is not allowed").
 * `allowEmpty`: "" passes too; `countTrimmed`: length counted without the outer spaces.
 */
export function displayTextSchema(
  field: string,
  maxChars: number,
  options: { allowEmpty?: boolean; countTrimmed?: boolean } = {},
) {
  return z.string({ error: `${field} must be a string` }).superRefine((text, ctx) => {
    if (text === '' && options.allowEmpty) return;
    const chars = [...(options.countTrimmed ? text.trim() : text)].length;
    const problem =
      chars === 0
        ? 'must not be empty'
        : chars > maxChars
          ? `must be at most ${maxChars} characters`
          : displayTextProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: `${field} ${problem}` });
  });
}
