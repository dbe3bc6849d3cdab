import type { Layout } from '@/lib/protocol';
import { openDashboard } from './helpers';
import { expect, lineWidget, type Page, test } from './test';

/** An iPhone 12-15 sized screen, in CSS pixels. */
const PHONE = { width: 390, height: 844 };

async function noSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
}

test.describe('on a phone (390x844)', () => {
  test.use({ viewport: PHONE });

  test('compact controls: the board list and the chat are one tap away from the top', async ({
    page,
  }) => {
    await openDashboard(page);
    // The board menu, the chat tab and the toolbar all fit in the first screen.
    const menu = page.getByTestId('board-current');
    const chatTab = page.getByTestId('phone-chat-tab');
    const toolbar = page.locator('.dashboard-toolbar');
    await expect(menu).toBeInViewport();
    await expect(chatTab).toBeInViewport();
    const bar = await toolbar.boundingBox();
    expect((bar?.y ?? PHONE.height) + (bar?.height ?? 0)).toBeLessThan(PHONE.height / 2);
    // The first widget starts on the first screen too.
    await expect(page.locator('[data-widget-id]').first()).toBeInViewport();

    await menu.click();
    await expect(page.getByTestId('board-list')).toBeInViewport();
    await menu.click();

    await chatTab.click();
    await expect(page.locator('#chat')).toBeInViewport();
    await noSidewaysScroll(page);
  });

  test('a wide widget is one column wide; the drawer, resize grips and history fit the screen', async ({
    page,
    request,
  }) => {
    const layout = (await (await request.get('/api/layout')).json()) as Layout;
    const wide = { ...lineWidget('host.cpu'), w: 4, h: 2 };
    // A long key without spaces: the history's summary names it ("removed ...").
    const long = lineWidget(`e2e.phone.${'long_segment_without_any_space.'.repeat(3)}x`);
    const before = await request.put('/api/layout', {
      data: { baseVersion: layout.version, widgets: [...layout.widgets, long] },
    });
    expect(before.status()).toBe(200);
    // Known to the page, it is an option of the panels' series list (a select as wide as it).
    const pushed = await request.post('/api/metrics', {
      data: { samples: [{ series: long.series, value: 1 }] },
    });
    expect(pushed.status()).toBe(200);
    const saved = await request.put('/api/layout', {
      data: {
        baseVersion: layout.version + 1,
        widgets: [wide, ...layout.widgets.filter((w) => w.series !== 'host.cpu')].slice(0, 5),
      },
    });
    expect(saved.status()).toBe(200);
    await openDashboard(page);
    const widget = page.locator(`[data-widget-id="${wide.id}"]`);
    await expect(widget).toHaveAttribute('data-span', '4x2');
    await expect(page.getByTestId('dashboard-grid')).toHaveAttribute('data-cols', '1');
    const box = await widget.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await noSidewaysScroll(page);

    await page.getByTestId('unplaced-toggle').click();
    const drawer = page.getByTestId('unplaced-drawer');
    await expect(drawer.getByTestId('unplaced-item').first()).toBeVisible();
    const drawerBox = await drawer.boundingBox();
    expect(
      (drawerBox?.x ?? 0) + (drawerBox?.width ?? Number.POSITIVE_INFINITY),
    ).toBeLessThanOrEqual(PHONE.width);
    await noSidewaysScroll(page);

    await page.getByTestId('edit-layout').click();
    await expect(widget.getByTestId('widget-resize-handle')).toBeVisible();
    await page.getByTestId('layout-history-toggle').click();
    await expect(page.getByTestId('layout-history-item').first()).toBeVisible();
    await noSidewaysScroll(page);
  });
});
