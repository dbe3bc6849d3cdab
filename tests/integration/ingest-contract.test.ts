import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMetrics } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredSeq } from './helpers/stores';

/** `POST /api/metrics`'s contract with a token: stored samples and every refusal. */
describe('POST /api/metrics with INGEST_TOKEN', () => {
  const TOKEN = 'ingest-secret';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0', INGEST_TOKEN: TOKEN });
  });
  afterAll(() => server?.stop());

  const auth = { Authorization: `Bearer ${TOKEN}` };
  // A minute ago: inside the window ingest accepts (a fixed old ts would be bad_timestamp).
  const body = JSON.stringify({
    samples: [{ series: 'tx.a', value: 1.5, ts: Date.now() - 60_000 }],
  });

  it('stores samples and answers {accepted, seq}', async () => {
    const response = await postMetrics(server.url, body, auth);
    expect(response).toEqual({ status: 200, body: { accepted: 1, seq: 1 } });
    expect(await lastStoredSeq(server.databasePath)).toBe(1);
  });

  it.each([
    ['no token', {}, body, 401, 'unauthorized'],
    ['a wrong token', { Authorization: 'Bearer nope' }, body, 401, 'unauthorized'],
    ['a form body', { ...auth, 'Content-Type': 'text/plain' }, body, 415, 'unsupported_media_type'],
    ['broken JSON', auth, '{"samples": [', 400, 'invalid_json'],
    ['an empty list', auth, '{"samples": []}', 400, 'validation_failed'],
    ['a huge body', auth, `{"pad":"${'x'.repeat(1024 * 1024)}"}`, 413, 'payload_too_large'],
  ])('refuses %s with %i %s and stores nothing', async (_name, headers, payload, status, code) => {
    const before = await lastStoredSeq(server.databasePath);
    const response = await postMetrics(server.url, payload, headers);
    expect(response).toEqual({ status, body: { error: { code, message: expect.any(String) } } });
    expect(await lastStoredSeq(server.databasePath)).toBe(before);
  });
});
