import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postLogin } from './helpers/auth-api';
import { openChat, refusedUpgrade } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { postMetrics } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredIds } from './helpers/stores';

/**
 * Issue 10, B9: control and bidi characters in metric units and display names. One rule ("safe
 * display text", lib/protocol/display-text.ts) refuses each at ingest (the unit), at the chat
 * upgrade (`?name=`) and at login (the display name), naming the character by its code point.
 */

/** The characters the issue names, and the other invisible ones of the same families. */
const REFUSED: [string, number][] = [
  ['NUL', 0x0000],
  ['a newline', 0x000a],
  ['a tab', 0x0009],
  ['DEL', 0x007f],
  ['a C1 control (NEXT LINE)', 0x0085],
  ['the soft hyphen', 0x00ad],
  ['the zero-width space', 0x200b],
  ['a lone zero-width non-joiner', 0x200c],
  ['a lone zero-width joiner', 0x200d],
  ['the left-to-right mark', 0x200e],
  ['the right-to-left mark', 0x200f],
  ['the line separator', 0x2028],
  ['the paragraph separator', 0x2029],
  ['the right-to-left override', 0x202e],
  ['a left-to-right isolate', 0x2066],
  ['a right-to-left isolate', 0x2067],
  ['a first strong isolate', 0x2068],
  ['the pop directional isolate', 0x2069],
  ['the byte order mark', 0xfeff],
];
const codePoint = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

describe('safe display text, access control off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
  });
  afterAll(() => server?.stop());
  afterEach(closeClients);

  it.each(REFUSED)(
    'refuses a unit with %s: 400 naming the sample and the code point, nothing stored',
    async (_name, cp) => {
      const before = await lastStoredIds(server.databasePath);
      const samples = [
        { series: 'dt.ok', value: 1, unit: 'ms' },
        { series: 'dt.unit', value: 1, unit: `m${String.fromCodePoint(cp)}s` },
      ];

      const response = await postMetrics(server.url, JSON.stringify({ samples }));

      expect(response).toEqual({
        status: 400,
        body: {
          error: {
            code: 'validation_failed',
            message: expect.stringMatching(
              new RegExp(
                `^body\\.samples\\[1\\]\\.unit: unit ${codePoint(cp).replace('+', '\\+')} .* at character 2 is not allowed$`,
              ),
            ),
          },
        },
      });
      expect(await lastStoredIds(server.databasePath)).toEqual(before);
    },
  );

  it.each(REFUSED)('refuses a chat name with %s: 400 naming the code point', async (_name, cp) => {
    const name = encodeURIComponent(`ada${String.fromCodePoint(cp)}bob`);

    const refused = await refusedUpgrade(`${server.wsUrl}?name=${name}`);

    expect(refused).toEqual({
      status: 400,
      body: {
        error: {
          code: 'bad_request',
          message: expect.stringContaining(`name: ${codePoint(cp)} `),
        },
      },
    });
  });

  it.each([
    ['a Hebrew name', 'שרה'],
    ['a Persian name with a zero-width non-joiner', 'علی\u200cرضا'],
    ['an emoji ZWJ sequence', '👩\u200d💻 ada'],
  ])('welcomes %s as it is', async (_name, name) => {
    const chat = await openChat(server.wsUrl, { name });
    expect(chat.welcome.name).toBe(name);
  });

  it('stores a unit with a symbol and a micro sign', async () => {
    const response = await postMetrics(
      server.url,
      JSON.stringify({ samples: [{ series: 'dt.units', value: 1, unit: 'µs/°C' }] }),
    );
    expect(response.status).toBe(200);
  });
});

describe('safe display text at login (AUTH_PASSWORD)', () => {
  const PASSWORD = 'display text pass';
  let server: TestServer;
  let address = 0;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      AUTH_PASSWORD: PASSWORD,
      TRUST_PROXY: '1',
    });
  });
  afterAll(() => server?.stop());

  it.each(REFUSED)(
    'refuses a display name with %s: 400 naming the code point, no cookie',
    async (_name, cp) => {
      const response = await postLogin(
        server.url,
        { name: `ada${String.fromCodePoint(cp)}bob`, password: PASSWORD },
        // An address of its own per attempt: the login limit (10 a minute) is not under test.
        { headers: { 'X-Forwarded-For': `198.51.100.${++address}` } },
      );

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: {
          code: 'validation_failed',
          message: expect.stringContaining(`name: ${codePoint(cp)} `),
        },
      });
      expect(response.setCookie).toBeNull();
    },
  );
});
