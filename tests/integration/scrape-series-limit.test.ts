import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { type FixtureTarget, pointsOf, sendText, startTarget } from './helpers/scrape-targets';
import { searchSeries } from './helpers/series-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** Room for `up` and one more series: the target's three gauges do not fit. */
const SERIES_MAX = 2;
const WAIT = { timeout: 30_000, interval: 100 };

let target: FixtureTarget;
let server: TestServer;
const startedAt = Date.now();
beforeAll(async () => {
  target = await startTarget((_req, res) => sendText(res, 'g_a 1\ng_b 2\ng_c 3\n'));
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    SERIES_MAX: String(SERIES_MAX),
    SCRAPE_TARGETS: target.url,
    SCRAPE_INTERVAL_MS: '1000',
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await target?.close();
});

describe('a scrape past SERIES_MAX', () => {
  it('is refused whole, stores up alone (1: the target is fine), counts and logs the refusal', async () => {
    const up = `up{instance="${target.instance}",job="scrape"}`;
    await vi.waitFor(async () => {
      expect((await pointsOf(server.url, up, startedAt)).length).toBeGreaterThanOrEqual(2);
    }, WAIT);
    expect((await pointsOf(server.url, up, startedAt)).every(([, v]) => v === 1)).toBe(true);
    expect((await searchSeries(server.url, '?match=g_')).body).toMatchObject({ total: 0 });
    const metrics = await scrapeMetrics(server.url);
    expect(
      metrics.get('pulseboard_ingest_samples_total{protocol="scrape",outcome="refused"}'),
    ).toBeGreaterThanOrEqual(6);
    // Said once, not every scrape.
    const said = server.output().match(/scrape write refused; storing up alone/g) ?? [];
    expect(said).toHaveLength(1);
    expect(server.output()).toContain('its cap is 2 (SERIES_MAX)');
  });
});
