import { Agent, request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { makeSamples, values } from './helpers/expected-samples';
import { postMetrics, pushSamples } from './helpers/http-api';
import { collectSamples, openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredSeq } from './helpers/stores';

const MIB = 1024 * 1024;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

const error = (status: number, code: string, message: RegExp) => ({
  status,
  body: { error: { code, message: expect.stringMatching(message) } },
});
const json = (value: unknown) => JSON.stringify(value);
const sample = { series: 'ok.series', value: 1 };

/** The snapshot of a fresh stream over all series: what the store holds. */
async function storedSeries(): Promise<Record<string, number[]>> {
  const stream = await openSse(`${server.url}/api/stream?window=3600`);
  const { data } = await stream.nextEvent('snapshot');
  stream.close();
  return Object.fromEntries(data.series.map((s) => [s.name, s.points.map(([, v]) => v)]));
}

/**
 * POSTs `padBytes` of padding (or `body`) with chunked transfer encoding through `agent`,
 * so that two calls can share one keep-alive connection. Gives up after 3 s.
 */
function postChunked(
  url: string,
  agent: Agent,
  padBytes: number,
  body = '{"samples":[],"pad":"',
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/metrics`, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      timeout: 3000,
    });
    req.once('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.once('timeout', () => req.destroy(new Error('no answer within 3 s')));
    req.once('error', reject);
    req.write(body);
    for (let sent = 0; sent < padBytes; sent += 64 * 1024) req.write('x'.repeat(64 * 1024));
    req.end();
  });
}

describe('POST /api/metrics', () => {
  it('stores one sample and answers 200 with accepted and the seq of the last sample', async () => {
    const stream = await openSse(`${server.url}/api/stream?series=one`);
    await stream.nextEvent('snapshot');
    const before = await lastStoredSeq(server.databasePath);

    const response = await postMetrics(
      server.url,
      json({ samples: [{ series: 'one', value: 42 }] }),
    );
    const { samples } = await collectSamples(stream, before + 1);

    expect(response).toEqual({ status: 200, body: { accepted: 1, seq: before + 1 } });
    expect(values(samples)).toEqual([42]);
  });

  it('stores 1000 samples in one request, in order, as one seq range', async () => {
    const stream = await openSse(`${server.url}/api/stream?series=thousand`);
    const snapshot = await stream.nextEvent('snapshot');
    const samples = makeSamples('thousand', 0, 1000);

    const result = await pushSamples(server.url, samples);
    const { samples: streamed } = await collectSamples(stream, result.seq);

    expect(result.accepted).toBe(1000);
    expect(result.seq).toBeGreaterThanOrEqual(Number(snapshot.id) + 1000);
    expect(values(streamed)).toEqual(samples.map((s) => s.value));
  });

  it('keeps a given ts, stamps a missing one with the server time, and accepts a unit', async () => {
    const stream = await openSse(`${server.url}/api/stream?series=stamped`);
    await stream.nextEvent('snapshot');
    const before = Date.now();
    const given = before - 60_000;

    const { seq } = await pushSamples(server.url, [
      { series: 'stamped', value: 1, ts: given, unit: 'ms' },
      { series: 'stamped', value: 2 },
    ]);
    const after = Date.now();
    const { events, samples } = await collectSamples(stream, seq);

    expect(samples[0]).toEqual({ series: 'stamped', ts: given, value: 1 });
    expect(samples[1]?.ts).toBeGreaterThanOrEqual(before);
    expect(samples[1]?.ts).toBeLessThanOrEqual(after);
    expect(events[0]?.data.series).toEqual([{ name: 'stamped', unit: 'ms' }]);
  });

  it('accepts application/json with a charset, and series names at the 128-character edge', async () => {
    const name = `${'a'.repeat(120)}_.:-AZ09`;

    const response = await postMetrics(
      server.url,
      json({ samples: [{ series: name, value: 0.5 }] }),
      { 'Content-Type': 'application/json; charset=utf-8' },
    );

    expect(name).toHaveLength(128);
    expect(response).toEqual({ status: 200, body: { accepted: 1, seq: expect.any(Number) } });
  });
});

describe('POST /api/metrics: bad input is refused and stores nothing', () => {
  const tooMany = makeSamples('many', 0, 1001);
  it.each([
    { name: 'an empty body', body: '', expected: error(400, 'invalid_json', /empty/) },
    {
      name: 'a body that is not JSON',
      body: '{"samples":',
      expected: error(400, 'invalid_json', /JSON/),
    },
    {
      name: 'a JSON array',
      body: json([sample]),
      expected: error(400, 'validation_failed', /body/),
    },
    {
      name: 'no samples field',
      body: json({}),
      expected: error(400, 'validation_failed', /samples/),
    },
    {
      name: 'samples not an array',
      body: json({ samples: sample }),
      expected: error(400, 'validation_failed', /samples/),
    },
    {
      name: 'zero samples',
      body: json({ samples: [] }),
      expected: error(400, 'validation_failed', /at least 1/),
    },
    {
      name: '1001 samples',
      body: json({ samples: tooMany }),
      expected: error(400, 'validation_failed', /at most 1000/),
    },
    {
      name: 'a series name with a space',
      body: json({ samples: [{ series: 'bad name', value: 1 }] }),
      expected: error(400, 'validation_failed', /samples\[0\]\.series/),
    },
    {
      name: 'an empty series name',
      body: json({ samples: [{ series: '', value: 1 }] }),
      expected: error(400, 'validation_failed', /samples\[0\]\.series/),
    },
    {
      name: 'a 129-character series name',
      body: json({ samples: [{ series: 'a'.repeat(129), value: 1 }] }),
      expected: error(400, 'validation_failed', /samples\[0\]\.series/),
    },
    {
      name: 'a missing series',
      body: json({ samples: [{ value: 1 }] }),
      expected: error(400, 'validation_failed', /samples\[0\]\.series/),
    },
    {
      name: 'a string value',
      body: json({ samples: [{ series: 's', value: '1' }] }),
      expected: error(400, 'validation_failed', /samples\[0\]\.value/),
    },
    {
      name: 'a null value',
      body: json({ samples: [{ series: 's', value: null }] }),
      expected: error(400, 'validation_failed', /samples\[0\]\.value/),
    },
    {
      name: 'an infinite value (1e999)',
      body: '{"samples":[{"series":"s","value":1e999}]}',
      expected: error(400, 'validation_failed', /samples\[0\]\.value/),
    },
    {
      name: 'a negative ts',
      body: json({ samples: [{ series: 's', value: 1, ts: -1 }] }),
      expected: error(400, 'validation_failed', /samples\[0\]\.ts/),
    },
    {
      name: 'a fractional ts',
      body: json({ samples: [{ series: 's', value: 1, ts: 1.5 }] }),
      expected: error(400, 'validation_failed', /samples\[0\]\.ts/),
    },
  ])(
    'answers $name with $expected.status $expected.body.error.code',
    async ({ body, expected }) => {
      const before = await lastStoredSeq(server.databasePath);

      const response = await postMetrics(server.url, body);

      expect(response).toEqual(expected);
      expect(await lastStoredSeq(server.databasePath)).toBe(before);
    },
  );

  it.each([
    { name: 'text/plain', headers: { 'Content-Type': 'text/plain' } },
    { name: 'form data', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
  ])('answers a $name content type with 415 unsupported_media_type', async ({ headers }) => {
    const response = await postMetrics(server.url, json({ samples: [sample] }), headers);

    expect(response).toEqual(error(415, 'unsupported_media_type', /application\/json/));
  });

  it('answers a body without a content type with 415', async () => {
    const response = await fetch(`${server.url}/api/metrics`, {
      method: 'POST',
      body: new Uint8Array(Buffer.from(json({ samples: [sample] }))),
    });

    expect({ status: response.status, body: await response.json() }).toEqual(
      error(415, 'unsupported_media_type', /application\/json/),
    );
  });

  it('answers a gzip body with 415 and stores nothing (this endpoint takes it uncompressed)', async () => {
    const before = await lastStoredSeq(server.databasePath);
    const response = await postMetrics(
      server.url,
      new Uint8Array(gzipSync(json({ samples: [sample] }))),
      { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    );

    expect(response).toEqual(error(415, 'unsupported_media_type', /uncompressed/));
    expect(await lastStoredSeq(server.databasePath)).toBe(before);
  });

  it('answers a body over 1 MiB with 413 payload_too_large (declared length)', async () => {
    const before = await lastStoredSeq(server.databasePath);
    const body = json({ samples: [sample], pad: 'x'.repeat(MIB) });

    const response = await postMetrics(server.url, body);

    expect(response).toEqual(error(413, 'payload_too_large', /1048576 bytes/));
    expect(await lastStoredSeq(server.databasePath)).toBe(before);
  });

  it('answers a chunked body over 1 MiB with 413 payload_too_large (no declared length)', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const response = await postChunked(server.url, agent, 2 * MIB);

      expect(response).toEqual(error(413, 'payload_too_large', /1048576 bytes/));
    } finally {
      agent.destroy();
    }
  });

  it('keeps a connection usable (or closes it) after a 413 on a chunked body', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await postChunked(server.url, agent, 2 * MIB);

      const next = await postChunked(server.url, agent, 0, json({ samples: [sample] }));

      expect(next).toEqual({ status: 200, body: { accepted: 1, seq: expect.any(Number) } });
    } finally {
      agent.destroy();
    }
  });

  it('stores none of a batch of 999 good samples and 1 bad one', async () => {
    const before = await lastStoredSeq(server.databasePath);
    const samples: unknown[] = makeSamples('atomic.good', 0, 999);
    samples.splice(500, 0, { series: 'atomic.good', value: 'NaN' });

    const response = await postMetrics(server.url, json({ samples }));

    expect(response).toEqual(error(400, 'validation_failed', /samples\[500\]\.value/));
    expect(await lastStoredSeq(server.databasePath)).toBe(before);
    expect(await storedSeries()).not.toHaveProperty('atomic.good');
  });
});
