import { AppError } from '@/lib/errors';

/**
 * Reads a JSON request body of at most `maxBytes`: 415 unless the content type is JSON,
 * 413 when larger (checked on Content-Length and again while reading), 400 when unparsable.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  const mediaType = type.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new AppError(
      'unsupported_media_type',
      `Content-Type must be application/json, got ${type ? `"${type.slice(0, 64)}"` : 'none'}`,
    );
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    throw new AppError('payload_too_large', `body is larger than ${maxBytes} bytes`);
  }
  const text = await readCapped(request, maxBytes);
  if (text.trim() === '') throw new AppError('invalid_json', 'body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'parse error';
    throw new AppError('invalid_json', `body is not valid JSON: ${reason}`);
  }
}

async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new AppError('payload_too_large', `body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}
