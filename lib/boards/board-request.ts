import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { parseJsonText } from '@/lib/http/request-body';
import { BOARD_NAME_MAX_CHARS, BOARD_SLUG_PATTERN, describeIssue } from '@/lib/protocol';
import { displayTextSchema } from '@/lib/protocol/display-text-schema';

/** Largest `POST /api/boards` or `PATCH /api/boards/<slug>` body, in bytes (a name, 4 KiB). */
export const BOARD_BODY_MAX_BYTES = 4096;

const boardNameSchema = z.strictObject(
  {
    name: z
      .string({ error: 'name must be a string' })
      .transform((name) => name.trim())
      .pipe(displayTextSchema('name', BOARD_NAME_MAX_CHARS)),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? 'unknown field' : 'the body must be an object',
  },
);

/** The board name of a create or rename body (trimmed); 400 naming the problem otherwise. */
export function parseBoardName(text: string): string {
  const parsed = boardNameSchema.safeParse(parseJsonText(text));
  if (!parsed.success) throw new AppError('validation_failed', describeIssue(parsed.error));
  return parsed.data.name;
}

/** A board slug from the path; 400 `bad_request` when it is not one (BOARD_SLUG_PATTERN). */
export function parseBoardSlug(raw: string | undefined): string {
  if (raw !== undefined && BOARD_SLUG_PATTERN.test(raw)) return raw;
  throw new AppError(
    'bad_request',
    'a board slug is 1 to 48 lowercase letters, digits and single dashes, starting and ending with a letter or digit',
  );
}
