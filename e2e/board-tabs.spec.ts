import type { APIRequestContext, BrowserContext } from '@playwright/test';
import type { Layout, Widget } from '@/lib/protocol';
import { expectStatus, uniqueSuffix } from './helpers';
import { expect, type Page, type Route, test } from './test';

/**
 * Two tabs of ONE browser (one context: one shared stream, a leader tab and a follower) editing
 * one board at once, as a person does who opened the board twice. Each tab has its own editor:
 * what one saves shows in the other live, saves that cross are both kept (the later one, refused
 * 409, is re-applied on top), and Undo takes back only the tab's own change.
 */

type TwoTabs = {
  slug: string;
  series: string[];
  tabs: [Page, Page];
  /** The board's layout as stored (GET through the API). */
  stored: () => Promise<Layout>;
  /** The widget of `series[i]` in `page`. */
  widget: (page: Page, i: number) => ReturnType<Page['locator']>;
};

/**
 * A new board holding four line widgets, opened in two tabs of `context`, both live and in edit
 * mode.
 */
async function boardInTwoTabs(
  context: BrowserContext,
  request: APIRequestContext,
): Promise<TwoTabs> {
  const suffix = uniqueSuffix();
  const created = await request.post('/api/boards', { data: { name: `Tabs ${suffix}` } });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  const series = ['a', 'b', 'c', 'd'].map((n) => `e2e.tabs.${n}.${suffix}`);
  const pushed = await request.post('/api/metrics', {
    data: { samples: series.map((s) => ({ series: s, value: 1 })) },
  });
  expect(pushed.status()).toBe(200);
  const widgets: Widget[] = series.map((s) => ({
    id: `d-${s}`,
    series: s,
    kind: 'line',
    size: 'm',
  }));
  const put = await request.put(`/api/boards/${slug}/layout`, {
    data: { baseVersion: 0, widgets },
  });
  expect(put.status()).toBe(200);
  const tabs: Page[] = [];
  for (let i = 0; i < 2; i++) {
    const page = await context.newPage();
    // Tall enough for the four widgets in edit mode.
    await page.setViewportSize({ width: 1600, height: 2400 });
    await page.goto(`/b/${slug}`);
    await expectStatus(page, 'stream', 'live');
    await page.getByTestId('edit-layout').click();
    tabs.push(page);
  }
  const widget = (page: Page, i: number) => page.locator(`[data-widget-id="d-${series[i]}"]`);
  for (const page of tabs) await expect(widget(page, 3)).toBeVisible();
  return {
    slug,
    series,
    tabs: tabs as [Page, Page],
    stored: async () => (await (await request.get(`/api/boards/${slug}/layout`)).json()) as Layout,
    widget,
  };
}

/** The widget ids `page` shows, in order. */
function shownIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('dashboard-grid')
    .locator('[data-widget-id]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-widget-id') ?? ''));
}

/** Titles by widget id of the stored layout. */
function titles(layout: Layout): Record<string, string | undefined> {
  return Object.fromEntries(layout.widgets.map((w) => [w.id, w.title]));
}

test.describe('one board in two tabs of one browser', () => {
  test("each tab shows the other's edits live, without a reload", async ({ context, request }) => {
    const { series, tabs, widget, stored } = await boardInTwoTabs(context, request);
    const [one, two] = tabs;
    // Tab one moves a later: tab two shows b first.
    await widget(one, 0).getByTestId('widget-move-later').click();
    await expect.poll(() => shownIds(two)).toEqual([1, 0, 2, 3].map((i) => `d-${series[i]}`));
    // Tab two renames c: tab one shows the title.
    const title = widget(two, 2).getByTestId('widget-title-input');
    await title.fill('Requests');
    await title.press('Enter');
    await expect(widget(one, 2).getByTestId('widget-title-text')).toHaveText('Requests');
    // Tab one resizes b: tab two shows it larger.
    await widget(one, 1).getByTestId('widget-size-select').selectOption('l');
    await expect(widget(two, 1)).toHaveAttribute('data-size', 'l');
    // Tab two removes d to the drawer: gone from tab one, and counted in its drawer.
    const unplaced = Number(await one.getByTestId('unplaced-toggle').getAttribute('data-count'));
    await widget(two, 3).getByTestId('widget-remove').click();
    await expect(widget(one, 3)).toHaveCount(0);
    await expect(one.getByTestId('unplaced-toggle')).toHaveAttribute(
      'data-count',
      String(unplaced + 1),
    );
    const layout = await stored();
    expect(layout.widgets.map((w) => w.id)).toEqual(await shownIds(one));
    expect(await shownIds(two)).toEqual(await shownIds(one));
  });

  test('edits saved from both tabs at once are all stored: none lost, none duplicated', async ({
    context,
    request,
  }) => {
    const { slug, series, tabs, widget, stored } = await boardInTwoTabs(context, request);
    const [one, two] = tabs;
    const start = (await stored()).version;
    // Tab two's save leaves before it hears of tab one's: held until tab one's is stored.
    const held: Route[] = [];
    let holding = true;
    await two.route(`**/api/boards/${slug}/layout`, async (route) => {
      if (route.request().method() !== 'PUT' || !holding) return route.continue();
      held.push(route);
    });
    await widget(two, 1).getByTestId('widget-kind-select').selectOption('gauge');
    await expect.poll(() => held.length).toBe(1);
    await widget(one, 3).getByTestId('widget-remove').click();
    const title = widget(one, 2).getByTestId('widget-title-input');
    await title.fill('Errors');
    await title.press('Enter');
    await expect.poll(async () => (await stored()).version).toBe(start + 2);
    holding = false;
    const refused = two.waitForResponse(
      (r) => r.url().endsWith(`/boards/${slug}/layout`) && r.request().method() === 'PUT',
    );
    for (const route of held) await route.continue();
    expect((await refused).status()).toBe(409);
    // Re-applied on top of tab one's: every edit stored, each widget once.
    await expect
      .poll(async () => {
        const layout = await stored();
        return layout.widgets.map((w) => [w.id, w.kind, w.title ?? '']);
      })
      .toEqual([
        [`d-${series[0]}`, 'line', ''],
        [`d-${series[1]}`, 'gauge', ''],
        [`d-${series[2]}`, 'line', 'Errors'],
      ]);
    for (const page of tabs) {
      await expect.poll(() => shownIds(page)).toEqual((await stored()).widgets.map((w) => w.id));
      await expect(widget(page, 1)).toHaveAttribute('data-kind', 'gauge');
      await expect(page.getByTestId('layout-error')).toHaveCount(0);
    }
  });

  test("Undo in a tab takes back that tab's own change, not the other tab's", async ({
    context,
    request,
  }) => {
    const { series, tabs, widget, stored } = await boardInTwoTabs(context, request);
    const [one, two] = tabs;
    const ids = series.map((s) => `d-${s}`);
    const title = widget(one, 1).getByTestId('widget-title-input');
    await title.fill('Latency');
    await title.press('Enter');
    await expect.poll(async () => titles(await stored())[ids[1] as string]).toBe('Latency');
    await expect(widget(two, 1).getByTestId('widget-title-text')).toHaveText('Latency');
    await widget(two, 3).getByTestId('widget-remove').click();
    await expect(widget(one, 3)).toHaveCount(0);
    await widget(two, 0).getByTestId('widget-size-select').selectOption('s');
    await expect(widget(one, 0)).toHaveAttribute('data-size', 's');

    // Tab one's Undo: its title goes; tab two's removal and resize stay.
    const version = (await stored()).version;
    await one.getByTestId('layout-undo').click();
    await expect.poll(async () => (await stored()).version).toBe(version + 1);
    let layout = await stored();
    expect(layout.widgets.map((w) => [w.id, w.size, w.title])).toEqual([
      [ids[0], 's', undefined],
      [ids[1], 'm', undefined],
      [ids[2], 'm', undefined],
    ]);
    await expect(widget(two, 1).getByTestId('widget-title-text')).toHaveCount(0);
    await expect(widget(one, 3)).toHaveCount(0);

    // Tab two's Undo: its resize goes, and the next one brings d back where it was; tab one's
    // title stays taken back.
    await two.getByTestId('layout-undo').click();
    await expect.poll(async () => (await stored()).version).toBe(version + 2);
    await two.getByTestId('layout-undo').click();
    await expect.poll(async () => (await stored()).version).toBe(version + 3);
    layout = await stored();
    expect(layout.widgets.map((w) => [w.id, w.size, w.title])).toEqual(
      ids.map((id) => [id, 'm', undefined]),
    );
    for (const page of tabs) await expect.poll(() => shownIds(page)).toEqual(ids);
    await expect(one.getByTestId('layout-undo')).toBeDisabled();
    await expect(two.getByTestId('layout-undo')).toBeDisabled();
  });

  test('a restore refused because the other tab saved first says so, shows that save, and restoring again works', async ({
    context,
    request,
  }) => {
    const { slug, tabs, widget, stored } = await boardInTwoTabs(context, request);
    const [one, two] = tabs;
    const first = (await stored()).version;
    await widget(one, 0).getByTestId('widget-kind-select').selectOption('stat');
    await expect.poll(async () => (await stored()).version).toBe(first + 1);
    await expect(widget(two, 0)).toHaveAttribute('data-kind', 'stat');
    // Tab two restores the first version; its request leaves before it hears of tab one's size.
    await two.getByTestId('layout-history-toggle').click();
    const held: Route[] = [];
    let holding = true;
    await two.route(`**/api/boards/${slug}/layout/history/restore`, async (route) => {
      if (!holding) return route.continue();
      held.push(route);
    });
    const restore = () =>
      two
        .getByTestId('layout-history')
        .locator(`[data-version="${first}"]`)
        .getByTestId('layout-history-restore')
        .click();
    await restore();
    await expect.poll(() => held.length).toBe(1);
    await widget(one, 2).getByTestId('widget-size-select').selectOption('l');
    await expect.poll(async () => (await stored()).version).toBe(first + 2);
    holding = false;
    for (const route of held) await route.continue();
    const problem = two.getByTestId('layout-history-problem');
    await expect(problem).toContainText('changed meanwhile');
    await expect(problem).toContainText(`Restore version ${first} again`);
    await expect(widget(two, 2)).toHaveAttribute('data-size', 'l');
    // Nothing stored was lost: tab one's size is the current version.
    expect((await stored()).widgets.map((w) => [w.kind, w.size])[2]).toEqual(['line', 'l']);
    await restore();
    await expect.poll(async () => (await stored()).version).toBe(first + 3);
    expect((await stored()).widgets.map((w) => [w.kind, w.size])).toEqual(
      Array.from({ length: 4 }, () => ['line', 'm']),
    );
    await expect(widget(one, 0)).toHaveAttribute('data-kind', 'line');
    await expect(problem).toHaveCount(0);
  });
});
