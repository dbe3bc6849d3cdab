import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escapeLabelValue, formatSeriesKey, type RangeAnswer } from '@/lib/protocol';
import { closeClients } from './helpers/cleanup';
import { getJson, postMetrics, pushSamples, putLayout } from './helpers/http-api';
import { deleteSeries, searchSeries } from './helpers/series-api';
import { collectSamples, openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** Every character of the key syntax in a label value: `{ } " = , \` and a line feed. */
const ODD_VALUE = 'a{b}="c",d\\e\nf';
const KEY_A = formatSeriesKey('lbl_req', { job: 'api', code: '200' });
const KEY_ODD = formatSeriesKey('lbl_req', { path: ODD_VALUE });
const CAP = 6;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0', SERIES_MAX: String(CAP) });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('labelled series over HTTP', () => {
  it('ingests labels, streams them under the key, reads ranges and lists them, then deletes one by its key', async () => {
    const now = Date.now();
    const filter = encodeURIComponent(`${KEY_ODD},${KEY_A}`);
    const stream = await openSse(`${server.url}/api/stream?series=${filter}`);
    await stream.nextEvent('snapshot');

    const pushed = await pushSamples(server.url, [
      {
        series: 'lbl_req',
        labels: { code: '200', job: 'api' },
        value: 1,
        ts: now - 2,
        unit: 'req/s',
      },
      { series: 'lbl_req', labels: { path: ODD_VALUE }, value: 2, ts: now - 1 },
      { series: 'lbl_req', labels: { job: 'api', code: '500' }, value: 3, ts: now },
    ]);
    const { samples } = await collectSamples(stream, pushed.seq);
    // The filter named two keys: the third (code 500) is not streamed.
    expect(samples.map((s) => s.series)).toEqual([KEY_A, KEY_ODD]);

    const range = await getJson(
      `${server.url}/api/range?from=${now - 1000}&to=${now}&series=${encodeURIComponent(KEY_ODD)}`,
    );
    expect((range.body as RangeAnswer).series).toEqual([{ name: KEY_ODD, points: [[now - 1, 2]] }]);

    expect((await searchSeries(server.url, '?match=lbl_')).body).toEqual({
      series: [
        { key: KEY_A, name: 'lbl_req', labels: { code: '200', job: 'api' }, unit: 'req/s' },
        {
          key: 'lbl_req{code="500",job="api"}',
          name: 'lbl_req',
          labels: { code: '500', job: 'api' },
        },
        { key: KEY_ODD, name: 'lbl_req', labels: { path: ODD_VALUE } },
      ],
      total: 3,
    });
    expect(
      (await searchSeries(server.url, `?q=${encodeURIComponent('code="5')}&match=lbl_req`)).body,
    ).toMatchObject({
      total: 1,
    });

    // The path segment is the key, percent-encoded; labels in any order name the same series.
    const reordered = 'lbl_req{job="api",code="500"}';
    expect(await deleteSeries(server.url, reordered)).toEqual({
      status: 200,
      body: { series: 'lbl_req{code="500",job="api"}', samples: 1 },
    });
    expect(await deleteSeries(server.url, KEY_ODD)).toEqual({
      status: 200,
      body: { series: KEY_ODD, samples: 1 },
    });
    const deleted = await stream.next(
      (i) => i.event === 'series-deleted' && (i.data ?? '').includes('path'),
    );
    expect(JSON.parse(deleted.data ?? '')).toEqual({ series: KEY_ODD });
    expect((await searchSeries(server.url, '?match=lbl_req')).body).toMatchObject({ total: 1 });
  });

  it.each([
    [{ '1x': 'a' }, 'body.samples[0].labels: label name "1x" must match ^[a-zA-Z_][a-zA-Z0-9_]*$'],
    [
      { host: 'x'.repeat(257) },
      'body.samples[0].labels: label "host" value must be at most 256 characters',
    ],
    [{ host: '' }, 'body.samples[0].labels: label "host" must not have an empty value'],
    [
      Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`l${i}`, 'v'])),
      'body.samples[0].labels: a series has at most 16 labels, got 17',
    ],
  ])('refuses labels %j with 400 naming the label, storing nothing', async (labels, message) => {
    const body = JSON.stringify({
      samples: [
        { series: 'lbl_bad', labels, value: 1 },
        { series: 'lbl_bad_sibling', value: 1 },
      ],
    });
    expect(await postMetrics(server.url, body)).toEqual({
      status: 400,
      body: { error: { code: 'validation_failed', message } },
    });
    expect((await searchSeries(server.url, '?match=lbl_bad')).body).toMatchObject({ total: 0 });
  });

  it('answers 400 naming the label for a bad key in series= and in the delete path', async () => {
    const bad = encodeURIComponent('lbl_req{code=""}');
    for (const path of [`/api/stream?series=${bad}`, `/api/range?from=0&to=1&series=${bad}`]) {
      expect(await getJson(`${server.url}${path}`)).toMatchObject({
        status: 400,
        body: {
          error: { code: 'bad_request', message: 'label "code" must not have an empty value' },
        },
      });
    }
    expect(await deleteSeries(server.url, 'lbl_req{code=1}')).toMatchObject({
      status: 400,
      body: {
        error: { message: 'series key of "lbl_req": label "code" value must be in double quotes' },
      },
    });
  });

  it(`counts keys against SERIES_MAX (${CAP}): a new label set of a known metric is a new series`, async () => {
    const { total } = (await searchSeries(server.url)).body as { total: number };
    const room = CAP - total;
    await pushSamples(
      server.url,
      Array.from({ length: room }, (_, i) => ({
        series: 'lbl_cap',
        labels: { i: String(i) },
        value: 1,
      })),
    );
    const over = await postMetrics(
      server.url,
      JSON.stringify({ samples: [{ series: 'lbl_cap', labels: { i: 'one-more' }, value: 1 }] }),
    );
    expect(over).toMatchObject({ status: 409, body: { error: { code: 'series_limit' } } });
    // An existing key still takes samples.
    await pushSamples(server.url, [{ series: 'lbl_cap', labels: { i: '0' }, value: 2 }]);
  });

  it('keeps a labelled key in the layout, canonical, as it comes back from GET /api/layout', async () => {
    // Labels out of order, and a value with every character of the key syntax.
    const written = `lbl_req{path="${escapeLabelValue(ODD_VALUE)}",job="x"}`;
    const widget = { id: 'w1', series: written, kind: 'line', size: 'm' };
    const put = await putLayout(server.url, { baseVersion: 0, widgets: [widget] });
    expect(put.status).toBe(200);
    const layout = (await getJson(`${server.url}/api/layout`)).body as {
      widgets: { series: string }[];
    };
    expect(layout.widgets.map((w) => w.series)).toEqual([ODD_KEY_OF_LAYOUT]);
  });
});

const ODD_KEY_OF_LAYOUT = formatSeriesKey('lbl_req', { job: 'x', path: ODD_VALUE });
