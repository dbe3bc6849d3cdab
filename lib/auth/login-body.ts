import type { IncomingMessage } from 'node:http';
import { AppError } from '@/lib/errors';
import { parseJsonText } from '@/lib/http/request-body';
import { parseChatName } from '@/lib/protocol';

/** Largest login or logout body read, in bytes. */
export const LOGIN_BODY_MAX_BYTES = 4096;
/** The login page's form posts this media type (answered with redirects). */
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** A login request: `form` when it came from the HTML form (answered with redirects). */
export type LoginInput = { form: boolean; name: string; password: string; next: string | null };

/** Whether the request body is the login page's HTML form (urlencoded) rather than JSON. */
export function isFormRequest(req: IncomingMessage): boolean {
  return mediaType(req.headers['content-type']) === FORM_MEDIA_TYPE;
}

/**
 * Checks a login body read by the router (which refused other content types with 415 and
 * bodies over LOGIN_BODY_MAX_BYTES with 413): a urlencoded form or JSON with string `name` and
 * `password` (`next` too in a form). 400 when invalid.
 */
export function parseLoginBody(type: string | undefined, text: string): LoginInput {
  const form = type === FORM_MEDIA_TYPE;
  const fields = form ? Object.fromEntries(new URLSearchParams(text)) : parseJsonText(text);
  return { form, ...checkFields(fields) };
}

function checkFields(fields: unknown): Omit<LoginInput, 'form'> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new AppError('validation_failed', 'body must be an object with name and password');
  }
  const { name, password, next } = fields as Record<string, unknown>;
  if (typeof password !== 'string' || password === '') {
    throw new AppError('validation_failed', 'password must be a non-empty string');
  }
  if (typeof name !== 'string') throw new AppError('validation_failed', 'name must be a string');
  // Safe display text (lib/protocol/display-text.ts): the message names a refused character.
  const parsed = parseChatName(name);
  if (!parsed.ok) throw new AppError('validation_failed', parsed.message);
  return { name: parsed.name, password, next: typeof next === 'string' ? next : null };
}

function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase();
}
