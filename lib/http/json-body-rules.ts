import { AppError } from '@/lib/errors';

/**
 * The checks every JSON body goes through, whichever transport read it: 415 unless the
 * content type is JSON, 413 when the declared length is over `maxBytes`, 400 when unparsable.
 */

export function checkJsonContentType(type: string | null | undefined): void {
  const mediaType = (type ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new AppError(
      'unsupported_media_type',
      `Content-Type must be application/json, got ${type ? `"${type.slice(0, 64)}"` : 'none'}`,
    );
  }
}

export function checkDeclaredLength(declared: string | null | undefined, maxBytes: number): void {
  if (declared !== null && declared !== undefined && Number(declared) > maxBytes) {
    throw bodyTooLarge(maxBytes);
  }
}

export function bodyTooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `body is larger than ${maxBytes} bytes`);
}

export function bodyTimedOut(timeoutMs: number): AppError {
  return new AppError(
    'request_timeout',
    `the request body did not arrive within ${timeoutMs} ms [REQUEST_BODY_TIMEOUT_MS]`,
  );
}

export function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw new AppError('invalid_json', 'body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'parse error';
    throw new AppError('invalid_json', `body is not valid JSON: ${reason}`);
  }
}

/**
 * Whether an error with `code` is answered before the request body was read: the rest of the
 * body may still be on the socket, so the connection must not be reused.
 */
export function leavesBodyUnread(code: string): boolean {
  return (
    code === 'unauthorized' ||
    code === 'unsupported_media_type' ||
    code === 'payload_too_large' ||
    code === 'request_timeout' ||
    code === 'rate_limited' ||
    code === 'shutting_down'
  );
}
