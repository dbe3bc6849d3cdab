import {
  bodyTimedOut,
  bodyTooLarge,
  checkDeclaredLength,
  checkJsonContentType,
  parseJsonText,
} from './json-body-rules';

import { REQUEST_BODY_TIMEOUT_DEFAULT_MS } from './request-timeouts';

/**
 * Reads a JSON request body of at most `maxBytes`: 415 unless the content type is JSON,
 * 413 when larger (checked on Content-Length and again while reading), 408 unless the body is
 * complete within `timeoutMs` (REQUEST_BODY_TIMEOUT_MS), 400 when unparsable.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
  timeoutMs = REQUEST_BODY_TIMEOUT_DEFAULT_MS,
): Promise<unknown> {
  checkJsonContentType(request.headers.get('content-type'));
  checkDeclaredLength(request.headers.get('content-length'), maxBytes);
  return parseJsonText(await readCapped(request, maxBytes, timeoutMs));
}

async function readCapped(request: Request, maxBytes: number, timeoutMs: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(bodyTimedOut(timeoutMs)), timeoutMs);
  });
  timedOut.catch(() => undefined);
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timedOut]);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw bodyTooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    // Not awaited: after a timeout a read is still pending, and cancel would wait behind it.
    reader.cancel().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}
