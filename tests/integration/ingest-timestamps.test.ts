import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMetrics, pushSamples } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredIds } from './helpers/stores';

/**
 * Issue 10, B3: a sample more than INGEST_MAX_FUTURE_MS ahead of the server clock, or older
 * than the raw retention, is refused whole with `400 bad_timestamp` naming the likely unit
 * mistake; nothing of the request is stored.
 */

const HOUR_MS = 3_600_000;
const MAX_FUTURE_MS = 60_000;
const RAW_HOURS = 1;

const badTimestamp = (message: RegExp) => ({
  status: 400,
  body: { error: { code: 'bad_timestamp', message: expect.stringMatching(message) } },
});

describe('ingest timestamps', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      INGEST_MAX_FUTURE_MS: String(MAX_FUTURE_MS),
      RETENTION_RAW_HOURS: String(RAW_HOURS),
    });
  });
  afterAll(() => server?.stop());

  // Each `ts` is computed when the row runs; the margins (half the window) are far wider than
  // any request could take.
  it.each([
    ['the largest JavaScript date', () => 8_640_000_000_000_000, /ahead of the server clock/],
    [
      'a microsecond timestamp',
      () => Date.now() * 1000,
      /looks like microseconds \(date \+%s%6N\); send milliseconds/,
    ],
    [
      'a nanosecond timestamp',
      () => Date.now() * 1_000_000,
      /looks like nanoseconds \(date \+%s%N\); send milliseconds/,
    ],
    [
      'a seconds timestamp',
      () => Math.floor(Date.now() / 1000),
      /looks like seconds \(date \+%s\); send milliseconds/,
    ],
    [
      'a ts twice INGEST_MAX_FUTURE_MS ahead',
      () => Date.now() + 2 * MAX_FUTURE_MS,
      /INGEST_MAX_FUTURE_MS/,
    ],
    [
      'a ts older than the raw retention',
      () => Date.now() - RAW_HOURS * HOUR_MS - 30 * 60_000,
      /RETENTION_RAW_HOURS/,
    ],
  ])(
    'refuses %s with 400 bad_timestamp and stores nothing of the batch',
    async (_name, ts, message) => {
      const before = await lastStoredIds(server.databasePath);
      const samples = [
        { series: 'ts.good', value: 1 },
        { series: 'ts.good', value: 2, ts: Date.now() },
        { series: 'ts.bad', value: 3, ts: ts() },
      ];

      const response = await postMetrics(server.url, JSON.stringify({ samples }));

      expect(response).toEqual(
        badTimestamp(new RegExp(`^body\\.samples\\[2\\]\\.ts: .*${message.source}`)),
      );
      expect(await lastStoredIds(server.databasePath)).toEqual(before);
    },
  );

  it('stores samples inside the window: half of INGEST_MAX_FUTURE_MS ahead, half the raw retention old', async () => {
    const now = Date.now();
    const result = await pushSamples(server.url, [
      { series: 'ts.edge', value: 1, ts: now + MAX_FUTURE_MS / 2 },
      { series: 'ts.edge', value: 2, ts: now - (RAW_HOURS * HOUR_MS) / 2 },
    ]);
    expect(result.accepted).toBe(2);
  });
});
