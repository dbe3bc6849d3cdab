import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RANGE_MAX_SPAN_MS, type RangeAnswer, rangeAnswerSchema } from '@/lib/protocol';
import { login } from './helpers/auth-api';
import { closeClients } from './helpers/cleanup';
import { getJson, pushSamples } from './helpers/http-api';
import { type ExternalSample, writeFromAnotherProcess } from './helpers/sqlite-file';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type RangeBody = RangeAnswer;

/**
 * An hour start three days ago: older than the raw retention (48 h), within the minute one.
 * Ingest refuses samples that old (`bad_timestamp`), so they are written into the file by
 * another process, as a backfill script would.
 */
const OLD = Math.floor((Date.now() - 3 * DAY) / HOUR) * HOUR;
const writeHistory = (samples: ExternalSample[]) =>
  writeFromAnotherProcess(server.databasePath, [samples]);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

/** A range answer; every 200 body must parse with the schema the page parses it with. */
async function range(query: string): Promise<{ status: number; body: RangeBody }> {
  const { status, body } = await getJson(`${server.url}/api/range?${query}`);
  if (status === 200) expect(rangeAnswerSchema.parse(body)).toEqual(body);
  return { status, body: body as RangeBody };
}

describe('GET /api/range', () => {
  it('answers a span of 15 min with the raw samples, exact at the seq of the last write', async () => {
    const now = Date.now();
    const { seq } = await pushSamples(server.url, [
      { series: 'rg.raw', unit: 'ms', value: 1, ts: now - 16 * MIN }, // before from
      { series: 'rg.raw', value: 2, ts: now - 10 * MIN },
      { series: 'rg.raw', value: 3, ts: now - MIN },
    ]);
    const { status, body } = await range(`from=${now - 15 * MIN}&to=${now}&series=rg.raw`);
    expect(status).toBe(200);
    expect(body).toEqual({
      from: now - 15 * MIN,
      to: now,
      resolution: 'raw',
      seq,
      series: [
        {
          name: 'rg.raw',
          unit: 'ms',
          points: [
            [now - 10 * MIN, 2],
            [now - MIN, 3],
          ],
        },
      ],
    });
  });

  it('answers a span over 15 min with minute buckets: [start, avg] points and a [min, max] band', async () => {
    await writeHistory([
      { series: 'rg.min', value: 10, ts: OLD + 5 * MIN },
      { series: 'rg.min', value: 30, ts: OLD + 5 * MIN + 59_999 },
      { series: 'rg.min', value: 7, ts: OLD + 6 * MIN },
    ]);
    const { body } = await range(`from=${OLD}&to=${OLD + 15 * MIN + 1}&series=rg.min`);
    expect(body.resolution).toBe('1m');
    expect(body.series).toEqual([
      {
        name: 'rg.min',
        points: [
          [OLD + 5 * MIN, 20],
          [OLD + 6 * MIN, 7],
        ],
        band: [
          [10, 30],
          [7, 7],
        ],
      },
    ]);
  });

  it('answers a span over 24 h with hour buckets', async () => {
    await writeHistory([
      { series: 'rg.hour', value: 1, ts: OLD },
      { series: 'rg.hour', value: 5, ts: OLD + HOUR - 1 },
      { series: 'rg.hour', value: 9, ts: OLD + 2 * HOUR },
    ]);
    const { body } = await range(`from=${OLD}&to=${OLD + DAY + 1}&series=rg.hour`);
    expect(body.resolution).toBe('1h');
    expect(body.series).toEqual([
      {
        name: 'rg.hour',
        points: [
          [OLD, 3],
          [OLD + 2 * HOUR, 9],
        ],
        band: [
          [1, 5],
          [9, 9],
        ],
      },
    ]);
  });

  it('answers a short range older than the raw retention from minute rollups', async () => {
    await writeHistory([{ series: 'rg.old', value: 4, ts: OLD + 30_000 }]);
    const { body } = await range(`from=${OLD}&to=${OLD + 5 * MIN}&series=rg.old`);
    expect(body.resolution).toBe('1m');
    expect(body.series).toEqual([{ name: 'rg.old', points: [[OLD, 4]], band: [[4, 4]] }]);
  });

  it('rolls up rows another process inserted into the file', async () => {
    await writeFromAnotherProcess(server.databasePath, [
      [
        { series: 'rg.ext', value: 2, ts: OLD + 3 * HOUR },
        { series: 'rg.ext', value: 4, ts: OLD + 3 * HOUR + 1000 },
      ],
    ]);
    const minutes = await range(`from=${OLD + 3 * HOUR}&to=${OLD + 4 * HOUR}&series=rg.ext`);
    const hours = await range(`from=${OLD}&to=${OLD + 2 * DAY}&series=rg.ext`);
    expect(minutes.body.series[0]).toEqual({
      name: 'rg.ext',
      points: [[OLD + 3 * HOUR, 3]],
      band: [[2, 4]],
    });
    expect(hours.body.series[0]?.band).toEqual([[2, 4]]);
  });

  const badRequest = { error: { code: 'bad_request', message: expect.any(String) } };
  it.each([
    ['no from', 'to=1000'],
    ['no to', 'from=1000'],
    ['a non-numeric from', 'from=yesterday&to=1000'],
    ['a negative to', 'from=0&to=-5'],
    ['a reversed range', 'from=2000&to=1000'],
    ['a span one ms over 366 days', `from=0&to=${RANGE_MAX_SPAN_MS + 1}`],
    ['a bad series name', 'from=0&to=1000&series=a%20b'],
    ['series[]=', 'from=0&to=1000&series[]=a'],
  ])('refuses %s with 400 bad_request', async (_label, query) => {
    expect(await getJson(`${server.url}/api/range?${query}`)).toEqual({
      status: 400,
      body: badRequest,
    });
  });

  it('accepts a span of exactly 366 days', async () => {
    const { status, body } = await range(`from=0&to=${RANGE_MAX_SPAN_MS}&series=rg.none`);
    expect([status, body.resolution, body.series]).toEqual([200, '1h', []]);
  });
});

describe('GET /api/range with access control on', () => {
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ COLLECTOR_ENABLED: '0', AUTH_PASSWORD: 'range pass' });
  });
  afterAll(() => guarded?.stop());

  it('answers 401 without a session and 200 with one', async () => {
    const url = `${guarded.url}/api/range?from=0&to=1000`;
    const cookie = await login(guarded.url, 'Ada', 'range pass');
    const without = await getJson(url);
    const withSession = await getJson(url, { Cookie: cookie });
    expect(without).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: expect.any(String) } },
    });
    expect(withSession.status).toBe(200);
  });
});
