import type { Layout, Widget } from '@/lib/protocol';
import { openDashboard, uniqueSuffix } from './helpers';
import { expect, type Page, type Route, test } from './test';

async function savedLayout(page: Page): Promise<Layout> {
  return (await (await page.request.get('/api/layout')).json()) as Layout;
}

async function savedWidget(page: Page, series: string): Promise<Widget | undefined> {
  return (await savedLayout(page)).widgets.find((w) => w.series === series);
}

/**
 * Pushes one sample of `series`, saves its widget first on the board (the first column: room to
 * grow to the right), opens the board in edit mode, answers the widget.
 */
async function editWidgetOf(page: Page, series: string) {
  const pushed = await page.request.post('/api/metrics', {
    data: { samples: [{ series, value: 1 }] },
  });
  expect(pushed.status()).toBe(200);
  const current = await savedLayout(page);
  const first: Widget = { id: `d-${series}`, series, kind: 'line', size: 'm' };
  const saved = await page.request.put('/api/layout', {
    data: { baseVersion: current.version, widgets: [first, ...current.widgets] },
  });
  expect(saved.status()).toBe(200);
  await openDashboard(page);
  const widget = page.locator(`[data-widget-id="d-${series}"]`);
  await expect(widget).toBeVisible();
  await page.getByTestId('edit-layout').click();
  return widget;
}

test.describe('resizing widgets', () => {
  test.use({ viewport: { width: 1600, height: 1000 } });

  test('by keyboard: Shift+arrows on the grip, saved and kept after a reload', async ({ page }) => {
    const series = `e2e.resize.key.${uniqueSuffix()}`;
    const widget = await editWidgetOf(page, series);
    await expect(widget).toHaveAttribute('data-span', '1x1');
    const grip = widget.getByTestId('widget-resize-handle');
    await grip.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(widget).toHaveAttribute('data-span', '2x2');
    await expect.poll(() => savedWidget(page, series)).toMatchObject({ w: 2, h: 2 });
    await page.reload();
    const again = page.locator(`[data-widget-id="d-${series}"]`);
    await expect(again).toHaveAttribute('data-span', '2x2');
    // Twice as wide and about twice as high as a one-by-one widget beside it (both not editing).
    const after = await again.boundingBox();
    const one = await page.locator('[data-widget-id="d-host.cpu"]').boundingBox();
    expect(after?.width).toBeGreaterThan((one?.width ?? Number.POSITIVE_INFINITY) * 1.5);
    expect(after?.height).toBeGreaterThan((one?.height ?? Number.POSITIVE_INFINITY) * 1.5);
    // Shrinking stops at one column and one row.
    await page.getByTestId('edit-layout').click();
    await again.getByTestId('widget-resize-handle').focus();
    for (const key of ['Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowUp', 'Shift+ArrowUp']) {
      await page.keyboard.press(key);
    }
    await expect(again).toHaveAttribute('data-span', '1x1');
    await expect.poll(() => savedWidget(page, series)).toMatchObject({ w: 1, h: 1 });
  });

  test('by dragging the grip one column wider, saved and kept after a reload', async ({ page }) => {
    const series = `e2e.resize.drag.${uniqueSuffix()}`;
    const widget = await editWidgetOf(page, series);
    const cols = Number(await page.getByTestId('dashboard-grid').getAttribute('data-cols'));
    expect(cols).toBeGreaterThanOrEqual(2);
    const box = await widget.boundingBox();
    const grip = await widget.getByTestId('widget-resize-handle').boundingBox();
    if (!box || !grip) throw new Error('not laid out');
    const x = grip.x + grip.width / 2;
    const y = grip.y + grip.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + box.width / 2, y, { steps: 4 });
    await page.mouse.move(x + box.width, y, { steps: 4 });
    await expect(widget).toHaveAttribute('data-resizing', 'true');
    await expect(widget).toHaveAttribute('data-span', '2x1');
    await page.mouse.up();
    await expect.poll(() => savedWidget(page, series)).toMatchObject({ w: 2, h: 1 });
    await page.reload();
    await expect(page.locator(`[data-widget-id="d-${series}"]`)).toHaveAttribute(
      'data-span',
      '2x1',
    );
  });

  test('a fast burst of resizes loses none', async ({ page }) => {
    const series = `e2e.resize.burst.${uniqueSuffix()}`;
    const widget = await editWidgetOf(page, series);
    // Hold every PUT until all presses are made: a burst whatever the machine's speed.
    const held: Route[] = [];
    let release = false;
    await page.route('**/api/layout', async (route) => {
      if (route.request().method() !== 'PUT' || release) return route.continue();
      held.push(route);
    });
    await widget.getByTestId('widget-resize-handle').focus();
    for (const key of ['Shift+ArrowRight', 'Shift+ArrowDown', 'Shift+ArrowRight']) {
      await page.keyboard.press(key);
    }
    await expect(widget).toHaveAttribute('data-span', '3x2');
    await expect.poll(() => held.length).toBe(1); // one PUT at a time
    release = true;
    for (const route of held) await route.continue();
    await expect.poll(() => savedWidget(page, series)).toMatchObject({ w: 3, h: 2 });
  });

  test('undo takes a resize back', async ({ page }) => {
    const series = `e2e.resize.undo.${uniqueSuffix()}`;
    const widget = await editWidgetOf(page, series);
    await widget.getByTestId('widget-resize-handle').focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => savedWidget(page, series)).toMatchObject({ w: 2 });
    await page.getByTestId('layout-undo').click();
    await expect(widget).toHaveAttribute('data-span', '1x1');
    await expect.poll(async () => (await savedWidget(page, series))?.w).toBeUndefined();
  });
});
