import type { Layout } from '@/lib/protocol';
import { openDashboard, uniqueSuffix } from './helpers';
import { expect, type Page, placeSeries, type Route, test } from './test';

/** Pushes one sample of each series. */
async function pushAll(page: Page, series: string[]) {
  const answer = await page.request.post('/api/metrics', {
    data: { samples: series.map((name) => ({ series: name, value: 1 })) },
  });
  expect(answer.status()).toBe(200);
  await placeSeries(page.request, ...series);
}

async function savedLayout(page: Page): Promise<Layout> {
  return (await (await page.request.get('/api/layout')).json()) as Layout;
}

test.describe('editing the layout', () => {
  test('a fast burst of edits loses none: each is shown at once and all are saved', async ({
    page,
  }) => {
    const suffix = uniqueSuffix();
    const names = ['a', 'b', 'c'].map((n) => `e2e.burst.${n}.${suffix}`);
    await pushAll(page, names);
    await openDashboard(page);
    for (const name of names)
      await expect(page.locator(`[data-widget-id="d-${name}"]`)).toBeVisible();
    await page.getByTestId('edit-layout').click();

    // Hold every PUT until all three changes are made: they are a burst whatever the speed.
    const held: Route[] = [];
    let release = false;
    await page.route('**/api/layout', async (route) => {
      if (route.request().method() !== 'PUT' || release) return route.continue();
      held.push(route);
    });
    const kinds = ['gauge', 'stat', 'gauge'] as const;
    for (const [i, name] of names.entries()) {
      const widget = page.locator(`[data-widget-id="d-${name}"]`);
      await widget.getByTestId('widget-kind-select').selectOption(kinds[i] as string);
      await expect(widget).toHaveAttribute('data-kind', kinds[i] as string);
    }
    await expect.poll(() => held.length).toBe(1); // one PUT at a time
    release = true;
    for (const route of held) await route.continue();

    await expect
      .poll(async () => {
        const layout = await savedLayout(page);
        return names.map((name) => layout.widgets.find((w) => w.series === name)?.kind);
      })
      .toEqual([...kinds]);
    await page.reload();
    for (const [i, name] of names.entries()) {
      await expect(page.locator(`[data-widget-id="d-${name}"]`)).toHaveAttribute(
        'data-kind',
        kinds[i] as string,
      );
    }
  });

  test('a change refused because someone else saved first is re-applied on top of theirs', async ({
    page,
  }) => {
    const suffix = uniqueSuffix();
    const mine = `e2e.rebase.mine.${suffix}`;
    const theirs = `e2e.rebase.theirs.${suffix}`;
    await pushAll(page, [mine, theirs]);
    await openDashboard(page);
    const widget = page.locator(`[data-widget-id="d-${mine}"]`);
    await expect(widget).toBeVisible();
    await expect(page.locator(`[data-widget-id="d-${theirs}"]`)).toBeVisible();
    await page.getByTestId('edit-layout').click();

    // Someone else saves a change first; this page has not heard of it when it saves.
    let interfered = false;
    await page.route('**/api/layout', async (route) => {
      if (route.request().method() !== 'PUT' || interfered) return route.continue();
      interfered = true;
      const current = await savedLayout(page);
      const base = current.widgets.some((w) => w.series === theirs)
        ? current.widgets
        : [...current.widgets, { id: `d-${theirs}`, series: theirs, kind: 'line', size: 'm' }];
      const put = await page.request.put('/api/layout', {
        data: {
          baseVersion: current.version,
          widgets: base.map((w) => (w.series === theirs ? { ...w, kind: 'stat' } : w)),
        },
      });
      expect(put.status()).toBe(200);
      await route.continue();
    });
    await widget.getByTestId('widget-size-select').selectOption('s');
    await expect
      .poll(async () => {
        const layout = await savedLayout(page);
        return [
          layout.widgets.find((w) => w.series === mine)?.size,
          layout.widgets.find((w) => w.series === theirs)?.kind,
        ];
      })
      .toEqual(['s', 'stat']);
    await expect(widget).toHaveAttribute('data-size', 's');
    await expect(page.locator(`[data-widget-id="d-${theirs}"]`)).toHaveAttribute(
      'data-kind',
      'stat',
    );
    await expect(page.getByTestId('layout-error')).toHaveCount(0);
  });

  test('Undo takes back the last change, saved for everyone', async ({ page }) => {
    const series = `e2e.undo.${uniqueSuffix()}`;
    await pushAll(page, [series]);
    await openDashboard(page);
    const widget = page.locator(`[data-widget-id="d-${series}"]`);
    await expect(widget).toHaveAttribute('data-kind', 'line');
    await page.getByTestId('edit-layout').click();
    await widget.getByTestId('widget-kind-select').selectOption('gauge');
    await expect(widget).toHaveAttribute('data-kind', 'gauge');
    const savedKind = async () =>
      // No saved widget: the board shows the series' default line widget.
      (await savedLayout(page)).widgets.find((w) => w.series === series)?.kind ?? 'line';
    await expect.poll(savedKind).toBe('gauge');
    await page.getByTestId('layout-undo').click();
    await expect(widget).toHaveAttribute('data-kind', 'line');
    await expect.poll(savedKind).toBe('line');
  });

  test('a widget dragged by its grip onto another moves before it', async ({ page }) => {
    const suffix = uniqueSuffix();
    const [first, second] = ['one', 'two'].map((n) => `e2e.drag.${n}.${suffix}`) as [
      string,
      string,
    ];
    await pushAll(page, [first, second]);
    await openDashboard(page);
    const order = () =>
      page
        .getByTestId('dashboard-grid')
        .locator('[data-widget-id]')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-widget-id') ?? ''));
    await expect.poll(async () => (await order()).indexOf(`d-${second}`)).toBeGreaterThan(-1);
    const before = await order();
    expect(before.indexOf(`d-${first}`)).toBeLessThan(before.indexOf(`d-${second}`));
    await page.getByTestId('edit-layout').click();
    const handle = page.locator(`[data-widget-id="d-${second}"]`).getByTestId('widget-drag-handle');
    const target = page.locator(`[data-widget-id="d-${first}"]`);
    // The two new widgets sit side by side: bring both into view, then drag with the mouse.
    await target.scrollIntoViewIfNeeded();
    await handle.scrollIntoViewIfNeeded();
    await handle.dragTo(target, { targetPosition: { x: 20, y: 20 } });
    await expect
      .poll(async () => {
        const now = await order();
        return now.indexOf(`d-${second}`) === now.indexOf(`d-${first}`) - 1;
      })
      .toBe(true);
    await expect
      .poll(async () => {
        const ids = (await savedLayout(page)).widgets.map((w) => w.id);
        return ids.indexOf(`d-${second}`) === ids.indexOf(`d-${first}`) - 1;
      })
      .toBe(true);
  });
});
