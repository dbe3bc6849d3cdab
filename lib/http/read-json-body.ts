import {
  bodyTooLarge,
  checkDeclaredLength,
  checkJsonContentType,
  parseJsonText,
} from './json-body-rules';

/**
 * Reads a JSON request body of at most `maxBytes`: 415 unless the content type is JSON,
 * 413 when larger (checked on Content-Length and again while reading), 400 when unparsable.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  checkJsonContentType(request.headers.get('content-type'));
  checkDeclaredLength(request.headers.get('content-length'), maxBytes);
  return parseJsonText(await readCapped(request, maxBytes));
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
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}
