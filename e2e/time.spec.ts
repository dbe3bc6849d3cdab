import { watchCsp } from './csp-guard';
import { openDashboard, uniqueSuffix } from './helpers';
import { type APIRequestContext, expect, type Page, placeSeries, test } from './test';

/** Pushes one sample of `series` at `ts` and checks the answer. */
async function push(request: APIRequestContext, series: string, value: number, ts: number) {
  const answer = await request.post('/api/metrics', { data: { samples: [{ series, value, ts }] } });
  expect(answer.status()).toBe(200);
  await placeSeries(request, series);
}

/** Waits until the page's live store holds the sample of `series` at `ts`. */
async function expectLiveSample(page: Page, series: string, ts: number) {
  await expect(page.getByTestId(`badges-${series}`)).toHaveAttribute(
    'data-live-last-ts',
    String(ts),
  );
}

test.describe('time ranges, pause and staleness', () => {
  test('a range change is kept in the URL, loads the range and a past range stays static', async ({
    page,
    context,
    request,
  }) => {
    const csp = await watchCsp(page);
    const series = `e2e.range.${uniqueSuffix()}`;
    const t0 = Date.now() - 60_000;
    await push(request, series, 1, t0);
    await openDashboard(page);
    await expect(page.getByTestId('range-5m')).toHaveAttribute('aria-pressed', 'true');

    await page.getByTestId('range-15m').click();
    await expect(page).toHaveURL(/\?range=15m$/);
    await expect(page.getByTestId('range-15m')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('range-5m')).toHaveAttribute('aria-pressed', 'false');
    const mode = page.getByTestId('range-mode');
    await expect(mode).toHaveAttribute('data-status', 'ready');
    await expect(mode).toHaveAttribute('data-mode', 'live');
    const chart = page.getByTestId(`chart-${series}`);
    await expect(chart).toHaveAttribute('data-points', '1');
    await expect(chart).toHaveAttribute('data-mode', 'live');
    // The 15-minute range keeps streaming: a new sample joins the loaded history.
    const t1 = Date.now();
    await push(request, series, 2, t1);
    await expect(chart).toHaveAttribute('data-last-ts', String(t1));
    await expect(chart).toHaveAttribute('data-points', '2');

    // Back returns to the previous range.
    await page.goBack();
    await expect(page.getByTestId('range-5m')).toHaveAttribute('aria-pressed', 'true');

    // The shared URL opens the same range.
    const other = await context.newPage();
    await other.goto('/?range=15m');
    await expect(other.getByTestId('range-15m')).toHaveAttribute('aria-pressed', 'true');
    await expect(other.getByTestId(`chart-${series}`)).toHaveAttribute('data-points', '2');

    // A custom past range, chosen in the form: static, and it ignores new samples.
    await page.getByTestId('range-custom').click();
    const local = (ms: number) => {
      const d = new Date(ms);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    };
    await page.getByTestId('range-from').fill(local(t0 - 120_000));
    await page.getByTestId('range-to').fill(local(t1 + 60_000));
    await page.getByTestId('range-apply').click();
    await expect(page).toHaveURL(/\?from=\d+&to=\d+$/);
    await expect(page.getByTestId('range-custom')).toHaveAttribute('aria-pressed', 'true');
    await expect(mode).toHaveAttribute('data-mode', 'static');
    await expect(mode).toHaveAttribute('data-status', 'ready');
    await expect(chart).toHaveAttribute('data-mode', 'static');
    await expect(chart).toHaveAttribute('data-points', '2');
    const t2 = t1 + 1000;
    await push(request, series, 3, t2);
    await expectLiveSample(page, series, t2); // the sample reached the page…
    await expect(chart).toHaveAttribute('data-points', '2'); // …and the static chart ignored it
    await expect(chart).toHaveAttribute('data-last-ts', String(t1));

    expect(await csp.violations()).toEqual([]);
    expect(csp.consoleErrors).toEqual([]);
  });

  test('a dashboard link names the range and highlights its widget, also in the same document', async ({
    page,
  }) => {
    const csp = await watchCsp(page);
    await page.goto('/?range=15m&widget=host.cpu');
    await expect(page.getByTestId('range-15m')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('widget-host.cpu')).toHaveAttribute('data-highlighted', 'true');

    // What a shared chat link does on click (openView in app/client/use-page-view.ts): pushState, then popstate.
    await page.evaluate(() => {
      window.history.pushState(null, '', '/?range=1h&widget=server.rss');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await expect(page.getByTestId('range-1h')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('widget-server.rss')).toHaveAttribute('data-highlighted', 'true');
    await expect(page.getByTestId('widget-host.cpu')).not.toHaveAttribute('data-highlighted');
    expect(await csp.violations()).toEqual([]);
    expect(csp.consoleErrors).toEqual([]);
  });

  test('pause freezes the charts and counts samples; resume draws them without a gap', async ({
    page,
    request,
  }) => {
    const csp = await watchCsp(page);
    const series = `e2e.pause.${uniqueSuffix()}`;
    const t0 = Date.now();
    await push(request, series, 1, t0);
    await openDashboard(page);
    const chart = page.getByTestId(`chart-${series}`);
    await expect(chart).toHaveAttribute('data-points', '1');
    const button = page.getByTestId('pause-button');
    await expect(button).toHaveText('Pause');

    // Typing a "p" in a field does not pause.
    await page.getByTestId('chat-name-input').press('p');
    await expect(button).toHaveAttribute('aria-pressed', 'false');

    await page.locator('body').click({ position: { x: 1, y: 1 } });
    await page.keyboard.press('p');
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await expect(button).toHaveText(/^Resume \(\d+ new\)$/);
    const before = Number(await button.getAttribute('data-new-samples'));
    const t1 = t0 + 1000;
    await push(request, series, 2, t1);
    await expectLiveSample(page, series, t1);
    await expect(chart).toHaveAttribute('data-points', '1');
    await expect(chart).toHaveAttribute('data-last-ts', String(t0));
    await expect(chart).toHaveAttribute('data-paused', 'true');
    expect(Number(await button.getAttribute('data-new-samples'))).toBeGreaterThanOrEqual(
      before + 1,
    );

    await button.click();
    await expect(button).toHaveText('Pause');
    await expect(chart).toHaveAttribute('data-points', '2');
    await expect(chart).toHaveAttribute('data-last-ts', String(t1));

    expect(await csp.violations()).toEqual([]);
    expect(csp.consoleErrors).toEqual([]);
  });

  test('hovering one chart shows the crosshair and values in every chart', async ({ page }) => {
    const csp = await watchCsp(page);
    await openDashboard(page);
    const cpu = page.getByTestId('chart-host.cpu');
    const rss = page.getByTestId('chart-server.rss');
    // Both charts have drawn points before the picture is frozen (on a busy machine the pause
    // could otherwise come first, and a chart without points has nothing under the cursor).
    await expect(cpu).toHaveAttribute('data-points', /^[1-9]\d*$/);
    await expect(rss).toHaveAttribute('data-points', /^[1-9]\d*$/);
    await page.keyboard.press('p'); // a still picture: the cursor stays on a point
    await expect(cpu.locator('.u-over')).toBeVisible();
    await expect(page.getByTestId('readout-server.rss')).toHaveText('');
    // Series pushed by earlier specs may come first and push this chart below the fold.
    await cpu.locator('.u-over').scrollIntoViewIfNeeded();
    const box = await cpu.locator('.u-over').boundingBox();
    if (!box) throw new Error('no chart area');
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await expect(page.getByTestId('readout-host.cpu')).toHaveText(/^\d\d:\d\d:\d\d \d+(\.\d+)?%$/);
    await expect(page.getByTestId('readout-server.rss')).toHaveText(
      /^\d\d:\d\d:\d\d \d+(\.\d+)? (KB|MB|GB)$/,
    );
    // uPlot moved the other chart's crosshair line into its plot area.
    const rssCursorLeft = await rss
      .locator('.u-cursor-x')
      .evaluate((el) => (el as HTMLElement).getBoundingClientRect().left);
    const rssBox = await rss.locator('.u-over').boundingBox();
    expect(rssCursorLeft).toBeGreaterThan((rssBox?.x ?? 0) + 1);

    await page.mouse.move(0, 0);
    await expect(page.getByTestId('readout-server.rss')).toHaveText('');
    expect(await csp.violations()).toEqual([]);
  });

  test('a series that stops arriving is shown stale since its last sample', async ({
    page,
    request,
  }) => {
    const csp = await watchCsp(page);
    const series = `e2e.stale.${uniqueSuffix()}`;
    await openDashboard(page);
    // A steady one-sample-a-second series (threshold: max(3 × 1 s, 5 s) = 5 s).
    const start = Date.now() - 3000;
    for (let i = 0; i < 4; i++) await push(request, series, i, start + i * 1000);
    await expectLiveSample(page, series, start + 3000);
    const stale = page.getByTestId(`stale-${series}`);
    await expect(stale).toHaveCount(0);
    await expect(stale).toHaveText(/^stale since \d\d:\d\d:\d\d$/, { timeout: 15_000 });
    // Built-in series keep arriving: they are not stale.
    await expect(page.getByTestId('stale-host.cpu')).toHaveCount(0);

    await push(request, series, 9, Date.now());
    await expect(stale).toHaveCount(0);
    expect(await csp.violations()).toEqual([]);
  });

  test('the page says when the stream is down and since when, and clears when it is back', async ({
    page,
    context,
  }) => {
    const csp = await watchCsp(page);
    await openDashboard(page);
    const banner = page.getByTestId('stream-down-banner');
    await expect(banner).toHaveCount(0);
    const mode = page.getByTestId('range-mode');
    const colorOf = () => mode.evaluate((el) => getComputedStyle(el).color);
    await expect(mode).toHaveAttribute('data-stream', 'live');
    const liveColor = await colorOf();

    await context.setOffline(true);
    await expect(banner).toHaveText(/^Live data stopped at \d\d:\d\d:\d\d — reconnecting$/);
    await expect(banner).toHaveAttribute('role', 'alert');
    // The range bar's "live" is not green while the stream is down (issue 13).
    await expect(mode).not.toHaveAttribute('data-stream', 'live');
    expect(await colorOf()).not.toBe(liveColor);

    await context.setOffline(false);
    await expect(page.getByTestId('status-stream')).toHaveAttribute('data-status', 'live');
    await expect(banner).toHaveCount(0);
    expect(await csp.violations()).toEqual([]);
  });
});
