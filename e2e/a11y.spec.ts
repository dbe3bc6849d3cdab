import AxeBuilder from '@axe-core/playwright';
import { watchCsp } from './csp-guard';
import {
  expectStatus,
  joinChat,
  messagesWith,
  sendMessage,
  twoPeople,
  uniqueSuffix,
} from './helpers';
import { type BrowserContext, expect, type Locator, type Page, test } from './test';

/** Body background of each palette (app/globals.css), as the browser computes it. */
const BACKGROUND = { dark: 'rgb(17, 20, 24)', light: 'rgb(244, 246, 249)' } as const;
/** The smallest screen the page is laid out for, in CSS pixels. */
const PHONE = { width: 360, height: 740 };
/** axe rule tags checked: WCAG 2.0 / 2.1, levels A and AA. */
const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Most Tab presses from the top of the page to the chat input. */
const MAX_TABS_TO_CHAT = 40;

/** Stores a theme choice the way the toggle does, before the first page load. */
async function setThemeCookie(context: BrowserContext, theme: 'light' | 'dark') {
  const url = test.info().project.use.baseURL ?? '';
  await context.addCookies([{ name: 'pulseboard_theme', value: theme, url }]);
}

/** axe's serious and critical findings, one line each, so a failure names them. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Presses Tab until `target` has the focus (at most MAX_TABS_TO_CHAT times), checking that
 * every stop on the way shows a focus ring of at least 2px.
 */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let tabs = 0; !(await target.evaluate((el) => el === document.activeElement)); tabs++) {
    expect(tabs, 'Tab presses').toBeLessThan(MAX_TABS_TO_CHAT);
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, style: style.outlineStyle, width: style.outlineWidth };
    });
    expect(ring.tag, 'focus left the page').not.toBe('BODY');
    expect(ring.style, `outline of ${ring.tag}`).not.toBe('none');
    expect(Number.parseFloat(ring.width)).toBeGreaterThanOrEqual(2);
  }
}

const background = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test.describe('accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const [label, viewport] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', PHONE],
    ] as const) {
      test(`axe finds nothing serious in the ${theme} theme on a ${label}`, async ({ browser }) => {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        const csp = await watchCsp(page);
        await setThemeCookie(context, theme);
        const id = uniqueSuffix();
        await joinChat(page, `Axe-${id}`);
        await expectStatus(page, 'stream', 'live');
        await sendMessage(page, `checking contrast ${id}`);
        await expect(messagesWith(page, `checking contrast ${id}`)).toHaveAttribute(
          'data-pending',
          'false',
        );
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        expect(await background(page)).toBe(BACKGROUND[theme]);

        expect(await seriousViolations(page)).toEqual([]);
        expect(await csp.violations()).toEqual([]);
        await context.close();
      });
    }
  }

  test('at phone width nothing overflows and the chat sits below the dashboard', async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await joinChat(page, `Phone-${uniqueSuffix()}`);
    await expect(page.getByTestId('widget-host.cpu')).toBeVisible();

    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
    const dashboard = await page.locator('#dashboard').boundingBox();
    const chat = await page.locator('#chat').boundingBox();
    expect(chat?.y ?? 0).toBeGreaterThanOrEqual((dashboard?.y ?? 0) + (dashboard?.height ?? 0));
    const widget = await page.getByTestId('widget-host.cpu').boundingBox();
    expect((widget?.x ?? 0) + (widget?.width ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await context.close();
  });

  test('the keyboard alone reaches the chat, with a visible focus ring, and sends', async ({
    page,
  }) => {
    const id = uniqueSuffix();
    await page.goto('/');
    await expectStatus(page, 'stream', 'live');

    // From the top of the page, the first stop is the skip link, shown when focused.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to dashboard' });
    await expect(skip).toBeFocused();
    expect((await skip.boundingBox())?.width ?? 0).toBeGreaterThan(20);

    await tabTo(page, page.getByTestId('chat-name-input'));
    await page.keyboard.type(`Keys-${id}`);
    await page.keyboard.press('Enter');
    await expectStatus(page, 'chat', 'live');

    await tabTo(page, page.getByTestId('chat-input'));
    await page.keyboard.type(`sent by keyboard ${id}`);
    await page.keyboard.press('Enter');
    await expect(messagesWith(page, `sent by keyboard ${id}`)).toHaveAttribute(
      'data-pending',
      'false',
    );
  });

  test('"Skip to chat" moves the focus into the chat', async ({ page }) => {
    await joinChat(page, `Skip-${uniqueSuffix()}`);
    await page.getByRole('link', { name: 'Skip to chat' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#chat')).toBeFocused();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('#chat') !== null)).toBe(true);
  });

  test('the theme choice is applied at once and kept across a reload', async ({ page }) => {
    const csp = await watchCsp(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    const toggle = page.getByTestId('theme-toggle');
    await expect(toggle).toHaveValue('system');
    expect(await background(page)).toBe(BACKGROUND.light);

    await toggle.selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await background(page)).toBe(BACKGROUND.dark);

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByTestId('theme-toggle')).toHaveValue('dark');
    expect(await background(page)).toBe(BACKGROUND.dark);

    await page.getByTestId('theme-toggle').selectOption('system');
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
    await page.reload();
    await expect(page.getByTestId('theme-toggle')).toHaveValue('system');
    expect(await background(page)).toBe(BACKGROUND.light);
    expect(await csp.violations()).toEqual([]);
  });

  test('without a choice the page follows the system setting, charts included', async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/');
    await expectStatus(page, 'stream', 'live');
    expect(await background(page)).toBe(BACKGROUND.dark);
    const canvas = page.getByTestId('widget-host.cpu').locator('canvas').first();
    await expect(canvas).toBeVisible();
    const darkPixels = await canvas.screenshot();

    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => background(page)).toBe(BACKGROUND.light);
    const chartLine = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--chart-line').trim(),
    );
    expect(chartLine).toBe('#0b63a3');
    // The chart was redrawn in the light colours: its pixels changed.
    await expect.poll(async () => (await canvas.screenshot()).equals(darkPixels)).toBe(false);
  });

  test('new chat messages are announced, the loaded history is not', async ({ browser }) => {
    const id = uniqueSuffix();
    const { contextA, contextB, a, b } = await twoPeople(browser);
    await joinChat(a, `Ann-${id}`);
    const old = `from before ${id}`;
    await sendMessage(a, old);
    await expect(messagesWith(a, old)).toHaveAttribute('data-pending', 'false');

    await joinChat(b, `Ben-${id}`);
    await expect(messagesWith(b, old)).toHaveCount(1);
    const announcer = b.getByTestId('chat-announcer');
    await expect(announcer).toHaveAttribute('role', 'log');
    await expect(announcer).toHaveAttribute('aria-live', 'polite');
    await expect(announcer).toHaveText('');

    const fresh = `just now ${id}`;
    await sendMessage(a, fresh);
    await expect(announcer).toContainText(`Ann-${id}: ${fresh}`);
    await expect(announcer).not.toContainText(old);
    // Our own message is not read back to us.
    await expect(messagesWith(a, fresh)).toHaveAttribute('data-pending', 'false');
    await expect(a.getByTestId('chat-announcer')).not.toContainText(fresh);
    await contextA.close();
    await contextB.close();
  });
});
