import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '@/lib/errors';
import type { ChatErrorCode } from '@/lib/protocol';
import { openChat, refusedUpgrade } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getHealth } from './helpers/http-api';
import { sendRaw } from './helpers/raw-http';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredIds } from './helpers/stores';

/**
 * Issue 5, part 5: one table of hostile inputs across the whole surface. Each row gets a clear
 * 4xx (with the JSON error body where the contract has one), an error frame or a close code;
 * the server stays up; nothing is stored (one row documents an input that is accepted).
 */

/** The server's timeouts for this file, short so that the slow-client rows run fast. */
const HEADERS_TIMEOUT_MS = 1500;
const BODY_TIMEOUT_MS = 1000;

type Part = string | Buffer;
type Send =
  | { http: Part[]; gapMs?: number; waitForClose?: boolean }
  | { upgrade: string }
  | { frame: string | Buffer };
type Expected =
  /** An HTTP answer; `code: null` when Node's parser answers before the app, with no body. */
  | { status: number; code: ErrorCode | null }
  | { frameError: ChatErrorCode }
  | { close: number }
  | { welcome: RegExp }
  /** 200, and this many samples stored. */
  | { accepted: number };
type Row = {
  name: string;
  category: 'ingest' | 'stream' | 'chat-upgrade' | 'chat-frame' | 'slowloris';
  send: Send;
  expected: Expected;
};

const json = (value: unknown) => JSON.stringify(value);
const ok = { series: 'hostile', value: 1 };
const JSON_TYPE = 'Content-Type: application/json';

/** A raw `POST /api/metrics` with these header lines; Content-Length added unless `length` is false. */
function post(body: Part, headers: string[] = [JSON_TYPE], length = true): Part[] {
  const size = length ? [`Content-Length: ${Buffer.byteLength(body)}`] : [];
  const head = ['POST /api/metrics HTTP/1.1', 'Host: 127.0.0.1', ...headers, ...size];
  return [`${head.join('\r\n')}\r\n\r\n`, body];
}
/** A raw `GET /api/stream<query>` with these header lines. */
function stream(query: string, headers: string[] = []): Part[] {
  const head = [`GET /api/stream${query} HTTP/1.1`, 'Host: 127.0.0.1', ...headers];
  return [`${head.join('\r\n')}\r\n\r\n`];
}
/** `size` bytes of chunked body in 64 KiB chunks, then the terminator. */
function chunks(size: number): Part[] {
  const chunk = 64 * 1024;
  const parts: Part[] = [];
  for (let sent = 0; sent < size; sent += chunk) {
    const n = Math.min(chunk, size - sent);
    parts.push(`${n.toString(16)}\r\n${'['.repeat(n)}\r\n`);
  }
  return [...parts, '0\r\n\r\n'];
}
/** A JSON POST whose body is sent one byte per part. */
function dribble(body: string): Part[] {
  const [head] = post(body);
  return [head as Part, ...body];
}
const nested = (levels: number, open: string, inner: string, close: string) =>
  `${open.repeat(levels)}${inner}${close.repeat(levels)}`;

const e = (status: number, code: ErrorCode | null) => ({ status, code });
const invalidJson = e(400, 'invalid_json');
const invalid = e(400, 'validation_failed');
const badRequest = e(400, 'bad_request');
const byNode = e(400, null);
const badTimestamp = e(400, 'bad_timestamp');

// biome-ignore format: one row per line keeps the table readable
const ROWS: Row[] = [
  // POST /api/metrics
  { name: 'a trailing comma', category: 'ingest', send: { http: post('{"samples":[{"series":"a","value":1},]}') }, expected: invalidJson },
  { name: 'truncated JSON', category: 'ingest', send: { http: post('{"samples":[{"series":"a","val') }, expected: invalidJson },
  { name: 'a declared length over 1 MiB', category: 'ingest', send: { http: post(json({ samples: [ok], pad: 'x'.repeat(1024 * 1024) })) }, expected: e(413, 'payload_too_large') },
  { name: 'a chunked body over 1 MiB', category: 'ingest', send: { http: [...post('', [JSON_TYPE, 'Transfer-Encoding: chunked'], false), ...chunks(1024 * 1024 + 1)] }, expected: e(413, 'payload_too_large') },
  { name: 'arrays nested 100,000 deep', category: 'ingest', send: { http: post(`{"samples":${nested(100_000, '[', '', ']')}}`) }, expected: invalid },
  { name: 'objects nested 100,000 deep', category: 'ingest', send: { http: post(`{"samples":[${nested(100_000, '{"a":', '1', '}')}]}`) }, expected: invalid },
  { name: 'samples as a string', category: 'ingest', send: { http: post(json({ samples: 'many' })) }, expected: invalid },
  { name: 'a boolean value', category: 'ingest', send: { http: post(json({ samples: [{ series: 'a', value: true }] })) }, expected: invalid },
  { name: 'value "NaN" as a string', category: 'ingest', send: { http: post(json({ samples: [{ series: 'a', value: 'NaN' }] })) }, expected: invalid },
  { name: 'value "Infinity" as a string', category: 'ingest', send: { http: post(json({ samples: [{ series: 'a', value: 'Infinity' }] })) }, expected: invalid },
  { name: 'a bare NaN token', category: 'ingest', send: { http: post('{"samples":[{"series":"a","value":NaN}]}') }, expected: invalidJson },
  { name: 'a number as a string', category: 'ingest', send: { http: post(json({ samples: [{ series: 'a', value: '42' }] })) }, expected: invalid },
  { name: 'ts as a date string', category: 'ingest', send: { http: post(json({ samples: [{ series: 'a', value: 1, ts: '2026-01-01' }] })) }, expected: invalid },
  { name: 'a numeric series name', category: 'ingest', send: { http: post(json({ samples: [{ series: 7, value: 1 }] })) }, expected: invalid },
  { name: 'a unit that is a number', category: 'ingest', send: { http: post(json({ samples: [{ ...ok, unit: 5 }] })) }, expected: invalid },
  { name: 'a series name with a zero-width space', category: 'ingest', send: { http: post(json({ samples: [{ series: 'cpu\u200b', value: 1 }] })) }, expected: invalid },
  { name: 'a series name of invalid UTF-8', category: 'ingest', send: { http: post(Buffer.from([...Buffer.from('{"samples":[{"series":"'), 0xff, 0xfe, ...Buffer.from('","value":1}]}')])) }, expected: invalid },
  { name: 'duplicate keys, the last one bad', category: 'ingest', send: { http: post('{"samples":[{"series":"a","value":1,"value":"x"}]}') }, expected: invalid },
  { name: 'a UTF-8 byte order mark', category: 'ingest', send: { http: post(`\ufeff${json({ samples: [ok] })}`) }, expected: invalidJson },
  { name: 'an empty body', category: 'ingest', send: { http: post('') }, expected: invalidJson },
  { name: 'a JSON array body', category: 'ingest', send: { http: post(json([ok])) }, expected: invalid },
  { name: 'a JSON null body', category: 'ingest', send: { http: post('null') }, expected: invalid },
  { name: 'a JSON string body', category: 'ingest', send: { http: post('"samples"') }, expected: invalid },
  { name: 'Content-Type text/plain', category: 'ingest', send: { http: post(json({ samples: [ok] }), ['Content-Type: text/plain']) }, expected: e(415, 'unsupported_media_type') },
  { name: 'no Content-Type', category: 'ingest', send: { http: post(json({ samples: [ok] }), []) }, expected: e(415, 'unsupported_media_type') },
  { name: 'Content-Type given twice, JSON first', category: 'ingest', send: { http: post(json({ samples: [ok] }), [JSON_TYPE, 'Content-Type: text/plain']) }, expected: e(415, 'unsupported_media_type') },
  { name: 'Content-Type JSON given twice', category: 'ingest', send: { http: post(json({ samples: [ok] }), [JSON_TYPE, JSON_TYPE]) }, expected: e(415, 'unsupported_media_type') },
  { name: 'Content-Length given twice, different', category: 'ingest', send: { http: post(json({ samples: [ok] }), [JSON_TYPE, 'Content-Length: 3']) }, expected: byNode },
  { name: 'Content-Length and Transfer-Encoding together', category: 'ingest', send: { http: post(json({ samples: [ok] }), [JSON_TYPE, 'Transfer-Encoding: chunked']) }, expected: byNode },
  { name: 'no Host header', category: 'ingest', send: { http: [`POST /api/metrics HTTP/1.1\r\n${JSON_TYPE}\r\nContent-Length: 2\r\n\r\n{}`] }, expected: byNode },
  { name: 'a chunk size that is not hex', category: 'ingest', send: { http: [...post('', [JSON_TYPE, 'Transfer-Encoding: chunked'], false), 'zz\r\n{}\r\n0\r\n\r\n'] }, expected: byNode },
  { name: 'a chunk that lies about its length', category: 'ingest', send: { http: [...post('', [JSON_TYPE, 'Transfer-Encoding: chunked'], false), `ff\r\n${json({ samples: [ok] })}\r\n0\r\n\r\n`] }, expected: e(408, 'request_timeout') },
  { name: 'a Content-Length longer than the body', category: 'ingest', send: { http: post(json({ samples: [ok] }), [JSON_TYPE, 'Content-Length: 500'], false) }, expected: e(408, 'request_timeout') },
  { name: 'ts of the largest JavaScript date', category: 'ingest', send: { http: post(json({ samples: [ok, { ...ok, ts: 8_640_000_000_000_000 }] })) }, expected: badTimestamp },
  { name: 'ts in microseconds', category: 'ingest', send: { http: post(json({ samples: [{ ...ok, ts: Date.now() * 1000 }] })) }, expected: badTimestamp },
  { name: 'ts in seconds', category: 'ingest', send: { http: post(json({ samples: [{ ...ok, ts: Math.floor(Date.now() / 1000) }] })) }, expected: badTimestamp },
  { name: 'a unit with a right-to-left override', category: 'ingest', send: { http: post(json({ samples: [{ ...ok, unit: '\u202ems' }] })) }, expected: invalid },
  { name: 'extra fields and __proto__ (ignored: the sample is stored)', category: 'ingest', send: { http: post('{"samples":[{"series":"extra","value":1,"colour":"red","__proto__":{"admin":true}}],"extra":1}') }, expected: { accepted: 1 } },
  // GET /api/stream
  { name: 'Last-Event-ID of 16 digits', category: 'stream', send: { http: stream('', [`Last-Event-ID: ${'9'.repeat(16)}`]) }, expected: badRequest },
  { name: 'Last-Event-ID of 10,000 digits', category: 'stream', send: { http: stream('', [`Last-Event-ID: ${'1'.repeat(10_000)}`]) }, expected: badRequest },
  { name: 'a negative Last-Event-ID', category: 'stream', send: { http: stream('', ['Last-Event-ID: -5']) }, expected: badRequest },
  { name: 'a fractional Last-Event-ID', category: 'stream', send: { http: stream('', ['Last-Event-ID: 1.5']) }, expected: badRequest },
  { name: 'a hex Last-Event-ID', category: 'stream', send: { http: stream('', ['Last-Event-ID: 0x1f']) }, expected: badRequest },
  { name: 'a text Last-Event-ID', category: 'stream', send: { http: stream('', ['Last-Event-ID: latest']) }, expected: badRequest },
  { name: 'Last-Event-ID given twice', category: 'stream', send: { http: stream('', ['Last-Event-ID: 1', 'Last-Event-ID: 2']) }, expected: badRequest },
  { name: '?lastEventId given twice', category: 'stream', send: { http: stream('?lastEventId=1&lastEventId=2') }, expected: badRequest },
  { name: '?lastEventId[]=1', category: 'stream', send: { http: stream('?lastEventId[]=1') }, expected: badRequest },
  { name: '?window=soon', category: 'stream', send: { http: stream('?window=soon') }, expected: badRequest },
  { name: '?window=-60', category: 'stream', send: { http: stream('?window=-60') }, expected: badRequest },
  { name: '?window=99999999', category: 'stream', send: { http: stream('?window=99999999') }, expected: badRequest },
  { name: '?window given twice', category: 'stream', send: { http: stream('?window=60&window=120') }, expected: badRequest },
  { name: '?series with a bad name', category: 'stream', send: { http: stream('?series=cpu,%3Cscript%3E') }, expected: badRequest },
  { name: '?series with a zero-width space', category: 'stream', send: { http: stream('?series=cpu%E2%80%8B') }, expected: badRequest },
  { name: '?series[]=cpu', category: 'stream', send: { http: stream('?series[]=cpu') }, expected: badRequest },
  { name: '?series with 10,000 names (over the header size limit)', category: 'stream', send: { http: stream(`?series=${Array.from({ length: 10_000 }, (_, i) => `s${i}`).join(',')}`) }, expected: e(431, null) },
  // /ws/chat upgrade
  { name: 'since as text', category: 'chat-upgrade', send: { upgrade: 'since=latest' }, expected: badRequest },
  { name: 'a negative since', category: 'chat-upgrade', send: { upgrade: 'since=-1' }, expected: badRequest },
  { name: 'since of 16 digits', category: 'chat-upgrade', send: { upgrade: `since=${'9'.repeat(16)}` }, expected: badRequest },
  { name: 'since given twice', category: 'chat-upgrade', send: { upgrade: 'since=1&since=2' }, expected: badRequest },
  { name: 'name given twice', category: 'chat-upgrade', send: { upgrade: 'name=ada&name=bob' }, expected: badRequest },
  { name: 'a 33-character name', category: 'chat-upgrade', send: { upgrade: `name=${'n'.repeat(33)}` }, expected: badRequest },
  { name: 'a name of zero-width spaces only', category: 'chat-upgrade', send: { upgrade: 'name=%E2%80%8B%E2%80%8B' }, expected: badRequest },
  { name: 'a name with a right-to-left override (U+202E)', category: 'chat-upgrade', send: { upgrade: 'name=%E2%80%AEnimda' }, expected: badRequest },
  { name: 'a name with a right-to-left isolate (U+2067)', category: 'chat-upgrade', send: { upgrade: 'name=%E2%81%A7ada' }, expected: badRequest },
  { name: 'a name with a pop isolate (U+2069)', category: 'chat-upgrade', send: { upgrade: 'name=ada%E2%81%A9' }, expected: badRequest },
  { name: 'a name with a bell character', category: 'chat-upgrade', send: { upgrade: 'name=ada%07' }, expected: badRequest },
  { name: 'an empty name (a guest name is given)', category: 'chat-upgrade', send: { upgrade: 'name=' }, expected: { welcome: /^guest-/ } },
  { name: 'a Hebrew name (accepted as is)', category: 'chat-upgrade', send: { upgrade: `name=${encodeURIComponent('שרה')}` }, expected: { welcome: /^שרה$/ } },
  // chat frames
  { name: 'text that is not JSON', category: 'chat-frame', send: { frame: 'hello there' }, expected: { frameError: 'invalid_json' } },
  { name: 'a JSON array', category: 'chat-frame', send: { frame: json([{ type: 'message', text: 'x' }]) }, expected: { frameError: 'invalid_frame' } },
  { name: 'arrays nested 8,000 deep', category: 'chat-frame', send: { frame: nested(8000, '[', '', ']') }, expected: { frameError: 'invalid_frame' } },
  { name: 'types nested 1,000 deep', category: 'chat-frame', send: { frame: nested(1000, '{"type":', '"message"', '}') }, expected: { frameError: 'unknown_type' } },
  { name: 'an unknown type', category: 'chat-frame', send: { frame: json({ type: 'admin', text: 'x' }) }, expected: { frameError: 'unknown_type' } },
  { name: 'a message without text', category: 'chat-frame', send: { frame: json({ type: 'message' }) }, expected: { frameError: 'invalid_frame' } },
  { name: 'text as a number', category: 'chat-frame', send: { frame: json({ type: 'message', text: 42 }) }, expected: { frameError: 'invalid_frame' } },
  { name: 'text of 2001 characters', category: 'chat-frame', send: { frame: json({ type: 'message', text: 'x'.repeat(2001) }) }, expected: { frameError: 'invalid_frame' } },
  { name: 'a clientMsgId of 65 characters', category: 'chat-frame', send: { frame: json({ type: 'message', text: 'x', clientMsgId: 'c'.repeat(65) }) }, expected: { frameError: 'invalid_frame' } },
  { name: 'a clientMsgId that is an object', category: 'chat-frame', send: { frame: json({ type: 'message', text: 'x', clientMsgId: { id: 1 } }) }, expected: { frameError: 'invalid_frame' } },
  { name: 'a binary frame', category: 'chat-frame', send: { frame: Buffer.from(json({ type: 'message', text: 'x' })) }, expected: { frameError: 'invalid_frame' } },
  { name: 'a frame of 16 KiB + 1 byte', category: 'chat-frame', send: { frame: json({ type: 'message', text: 'x', pad: 'p'.repeat(16 * 1024) }) }, expected: { close: 1009 } },
  // slow clients
  { name: 'headers sent one byte at a time, slower than the headers timeout', category: 'slowloris', send: { http: [...'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1234567890\r\n\r\n'], gapMs: 100, waitForClose: true }, expected: e(408, null) },
  { name: 'a body that dribbles slower than the body timeout', category: 'slowloris', send: { http: dribble(json({ samples: [ok] })), gapMs: 100, waitForClose: true }, expected: e(408, 'request_timeout') },
];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    REQUEST_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
  });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('hostile inputs across the surface', () => {
  it('has at least 45 rows over every category', () => {
    const categories = new Set(ROWS.map((r) => r.category));
    expect(ROWS.length).toBeGreaterThanOrEqual(45);
    expect(categories.size).toBe(5);
    expect(new Set(ROWS.map((r) => `${r.category}: ${r.name}`)).size).toBe(ROWS.length);
  });

  it.each(ROWS)('$category: $name', async (row) => {
    const before = await lastStoredIds(server.databasePath);

    await expectOutcome(row);

    const stored = 'accepted' in row.expected ? row.expected.accepted : 0;
    expect(await getHealth(server.url)).toMatchObject({ status: 'ok' });
    expect(await lastStoredIds(server.databasePath)).toEqual({
      sampleSeq: before.sampleSeq + stored,
      chatMessageId: before.chatMessageId,
    });
  });
});

async function expectOutcome({ send, expected }: Row): Promise<void> {
  if ('http' in send) {
    const response = await sendRaw(server.port, send.http, send);
    if ('accepted' in expected) {
      expect(response).toMatchObject({ status: 200, body: { accepted: expected.accepted } });
      return;
    }
    if (!('status' in expected)) throw new Error('An HTTP row needs a status');
    expect(response.status).toBe(expected.status);
    if (expected.code === null) expect(response.body).toBe('');
    else expect(response.body).toEqual(errorBody(expected.code));
    if (send.waitForClose) expect(response.closedByServer).toBe(true);
    return;
  }
  if ('upgrade' in send) {
    if ('welcome' in expected) {
      const query = Object.fromEntries(new URLSearchParams(send.upgrade));
      const chat = await openChat(server.wsUrl, query);
      expect(chat.welcome.name).toMatch(expected.welcome);
      return;
    }
    if (!('status' in expected) || expected.code === null) throw new Error('Bad upgrade row');
    const refused = await refusedUpgrade(`${server.wsUrl}?${send.upgrade}`);
    expect(refused).toEqual({ status: expected.status, body: errorBody(expected.code) });
    return;
  }
  const chat = await openChat(server.wsUrl, { name: 'hostile' });
  chat.ws.send(send.frame);
  if ('close' in expected) {
    expect(await chat.closed).toMatchObject({ code: expected.close });
    return;
  }
  if (!('frameError' in expected)) throw new Error('A frame row needs an error or a close');
  expect(await chat.next('error')).toEqual({
    type: 'error',
    code: expected.frameError,
    message: expect.stringMatching(/\S/),
  });
  await chat.roundTrip();
  expect(chat.ws.readyState).toBe(chat.ws.OPEN);
}

const errorBody = (code: string) => ({ error: { code, message: expect.stringMatching(/\S/) } });
