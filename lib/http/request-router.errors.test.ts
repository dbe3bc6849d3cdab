import { describe, expect, it } from 'vitest';
import { ask, base, code, counted, serveRouter } from './request-router.test-helpers';

serveRouter();

describe('createRequestRouter', () => {
  it('reads the body before the handler: 415, 413, and exactly bodyMaxBytes passes', async () => {
    const post = (body: string, type = 'application/json') =>
      ask('/body', { method: 'POST', headers: { 'Content-Type': type }, body });

    expect(code((await post('{}', 'text/plain')).body)).toBe('unsupported_media_type');
    expect(code((await post('"1234567"+')).body)).toBe('payload_too_large');
    expect((await post('"123456"')).body).toMatchObject({
      body: { mediaType: 'application/json', text: '"123456"' },
    });
  });

  it('maps a known error to its answer and an unknown one to a generic 500', async () => {
    expect(await ask('/throws?known')).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict' } },
    });
    expect(await ask('/throws')).toMatchObject({
      status: 500,
      body: { error: { code: 'internal_error', message: 'Internal server error' } },
    });
  });

  it('lets a route write its error answers in its own shape, status and count unchanged', async () => {
    const post = (body: string) =>
      fetch(`${base}/own-errors`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      }).then(async (r) => [r.status, r.headers.get('content-type'), await r.text()]);
    counted.length = 0;
    expect(await post('{}')).toEqual([409, 'text/x-own', 'POST 409 conflict: no']);
    // Refused before the body was read (the answer then waits for the rest of the body).
    expect(await post('"too long"')).toEqual([
      413,
      'text/x-own',
      'POST 413 payload_too_large: body is larger than 4 bytes',
    ]);
    expect(counted).toEqual(['conflict', 'payload_too_large']);
  });
});
