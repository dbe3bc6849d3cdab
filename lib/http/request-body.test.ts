import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { DrainDeadline } from './drain-deadline';
import { pathOf } from './path-of';
import {
  checkContentType,
  checkDeclaredLength,
  JSON_MEDIA_TYPE,
  parseJsonText,
  readRequestBody,
} from './request-body';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return 'no error';
};

/** A request whose body is written by the test. */
function fakeRequest(headers: Record<string, string | string[]> = {}) {
  const stream = new PassThrough();
  const distinct = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
  );
  const flat = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  return Object.assign(stream, {
    headers: flat,
    headersDistinct: distinct,
  }) as unknown as IncomingMessage & PassThrough;
}

const rules = (over: Partial<Parameters<typeof readRequestBody>[1]> = {}) => ({
  maxBytes: 10,
  mediaTypes: [JSON_MEDIA_TYPE],
  timeoutMs: 1000,
  receivedAt: performance.now(),
  ...over,
});

describe('checkContentType', () => {
  it.each([
    [['application/json'], 'application/json'],
    [['Application/JSON; charset=utf-8'], 'application/json'],
    [['text/plain'], 'unsupported_media_type'],
    [undefined, 'unsupported_media_type'],
    [['application/jsonp'], 'unsupported_media_type'],
    [['application/json', 'application/json'], 'unsupported_media_type'],
  ])('content type %j → %s', (given, expected) => {
    let result: string;
    try {
      result = checkContentType(given, [JSON_MEDIA_TYPE]);
    } catch (error) {
      result = (error as AppError).code;
    }
    expect(result).toBe(expected);
  });

  it('names every accepted type when there are several', () => {
    expect(() => checkContentType(['text/plain'], ['a/b', 'c/d'])).toThrow(
      'Content-Type must be a/b or c/d',
    );
  });
});

describe('body rules', () => {
  it('refuses a declared length over the limit, and only over it', () => {
    expect(codeOf(() => checkDeclaredLength('100', 100))).toBe('no error');
    expect(codeOf(() => checkDeclaredLength('101', 100))).toBe('payload_too_large');
    expect(codeOf(() => checkDeclaredLength(undefined, 100))).toBe('no error');
  });

  it.each([
    ['{"a":1}', 'no error'],
    ['', 'invalid_json'],
    ['  ', 'invalid_json'],
    ['{"a":', 'invalid_json'],
  ])('text %j → %s', (text, code) => {
    expect(codeOf(() => parseJsonText(text))).toBe(code);
  });
});

describe('readRequestBody', () => {
  it('reads a body of exactly maxBytes', async () => {
    const req = fakeRequest({ 'content-type': 'application/json' });
    const body = readRequestBody(req, rules());
    req.end('0123456789');
    expect(await body).toEqual({
      mediaType: 'application/json',
      text: '0123456789',
      bytes: Buffer.from('0123456789'),
    });
  });

  it('refuses one byte more with 413 while reading', async () => {
    const req = fakeRequest({ 'content-type': 'application/json' });
    const body = readRequestBody(req, rules());
    req.write('01234');
    req.write('567890');
    await expect(body).rejects.toMatchObject({ code: 'payload_too_large' });
  });

  it('times out at receivedAt + timeoutMs, counting the time before the read', async () => {
    const req = fakeRequest({ 'content-type': 'application/json' });
    const startedAt = performance.now();
    const body = readRequestBody(req, rules({ timeoutMs: 200, receivedAt: startedAt - 150 }));
    await expect(body).rejects.toMatchObject({
      code: 'request_timeout',
      message: expect.stringMatching(/200 ms \[REQUEST_BODY_TIMEOUT_MS\]/),
    });
    expect(performance.now() - startedAt).toBeLessThan(200);
  });

  it('gives up with 503 when the drain deadline passes, and at once when it has passed', async () => {
    const deadline = new DrainDeadline();
    const req = fakeRequest({ 'content-type': 'application/json' });
    const body = readRequestBody(req, rules({ drainDeadline: deadline }));
    deadline.pass();
    await expect(body).rejects.toMatchObject({ code: 'shutting_down' });
    expect(deadline.waiting).toBe(0);
    const late = fakeRequest({ 'content-type': 'application/json' });
    await expect(readRequestBody(late, rules({ drainDeadline: deadline }))).rejects.toMatchObject({
      code: 'shutting_down',
    });
  });
});

describe('pathOf', () => {
  it.each([
    ['/api/stream?series=a', '/api/stream'],
    ['/ws/chat', '/ws/chat'],
    [undefined, '/'],
  ])('%s → %s', (url, path) => {
    expect(pathOf(url)).toBe(path);
  });
});

describe('readRequestBody with gzip', () => {
  const gzipped = (text: string) => gzipSync(Buffer.from(text));
  const gzipReq = (encoding = 'gzip') =>
    fakeRequest({ 'content-type': 'application/json', 'content-encoding': encoding });

  it('decompresses a gzip body when the route takes gzip, up to maxBytes decompressed', async () => {
    const req = gzipReq();
    const body = readRequestBody(req, rules({ gzip: true, maxBytes: 100 }));
    req.end(gzipped('0123456789'.repeat(10)));
    expect((await body).text).toBe('0123456789'.repeat(10));
  });

  it('refuses with 413 a body that decompresses past maxBytes (a small bomb)', async () => {
    const req = gzipReq();
    const body = readRequestBody(req, rules({ gzip: true, maxBytes: 2000 }));
    const bomb = gzipped('x'.repeat(1_000_000));
    expect(bomb.byteLength).toBeLessThan(2000);
    req.end(bomb);
    await expect(body).rejects.toMatchObject({ code: 'payload_too_large' });
  });

  it('counts the compressed bytes too: empty gzip members decompress to nothing', async () => {
    const req = gzipReq();
    const body = readRequestBody(req, rules({ gzip: true, maxBytes: 100 }));
    const empty = gzipped('');
    for (let i = 0; i < 10; i++) req.write(empty);
    await expect(body).rejects.toMatchObject({ code: 'payload_too_large' });
  });

  it('answers 400 to a body that is not gzip, and 415 to another encoding', async () => {
    const req = gzipReq();
    const body = readRequestBody(req, rules({ gzip: true, maxBytes: 100 }));
    req.end('not gzip at all');
    await expect(body).rejects.toMatchObject({ code: 'bad_request' });
    await expect(readRequestBody(gzipReq('br'), rules({ gzip: true }))).rejects.toMatchObject({
      code: 'unsupported_media_type',
      message: 'Content-Encoding must be gzip or identity, got "br"',
    });
  });

  it('answers 415 to any encoding on a route that does not take gzip, and reads identity', async () => {
    for (const encoding of ['gzip', 'br']) {
      await expect(readRequestBody(gzipReq(encoding), rules())).rejects.toMatchObject({
        code: 'unsupported_media_type',
        message: `this endpoint takes an uncompressed body (no Content-Encoding), got "${encoding}"`,
      });
    }
    const req = gzipReq('identity');
    const body = readRequestBody(req, rules());
    req.end('{"a":1}');
    expect((await body).text).toBe('{"a":1}');
  });
});
