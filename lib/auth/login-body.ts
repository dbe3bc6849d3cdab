import type { IncomingMessage } from 'node:http';
import { AppError } from '@/lib/errors';
import { bodyTooLarge, checkDeclaredLength, parseJsonText } from '@/lib/http/json-body-rules';
import { parseChatName } from '@/lib/protocol';

/** Largest login or logout body read, in bytes. */
export const LOGIN_BODY_MAX_BYTES = 4096;

/** A login request: `form` when it came from the HTML form (answered with redirects). */
export type LoginInput = { form: boolean; name: string; password: string; next: string | null };

/** Whether the request body is the login page's HTML form (urlencoded) rather than JSON. */
export function isFormRequest(req: IncomingMessage): boolean {
  return mediaType(req.headers['content-type']) === 'application/x-www-form-urlencoded';
}

/**
 * Reads and checks a login body: a urlencoded form or JSON with string `name` and `password`
 * (`next` too in a form). 415 for another content type, 413 when too large, 400 when invalid.
 */
export async function readLoginBody(req: IncomingMessage): Promise<LoginInput> {
  const type = mediaType(req.headers['content-type']);
  const form = type === 'application/x-www-form-urlencoded';
  if (!form && type !== 'application/json') {
    throw new AppError(
      'unsupported_media_type',
      'Content-Type must be application/x-www-form-urlencoded or application/json',
    );
  }
  checkDeclaredLength(req.headers['content-length'], LOGIN_BODY_MAX_BYTES);
  const text = await readCapped(req, LOGIN_BODY_MAX_BYTES);
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

function readCapped(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}
