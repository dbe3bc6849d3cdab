import { watchCsp } from './csp-guard';
import { joinChat, messagesWith, openDashboard, sendMessage, uniqueSuffix } from './helpers';
import { expect, test } from './test';

test.describe('Content-Security-Policy', () => {
  test('the production page hydrates, charts and chat work, and nothing violates the CSP', async ({
    page,
  }) => {
    const csp = await watchCsp(page);
    const response = await page.goto('/');
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).not.toContain('unsafe-inline');

    await openDashboard(page);
    await expect(page.getByTestId('widget-host.cpu').locator('canvas').first()).toBeVisible();
    const text = `csp check ${uniqueSuffix()}`;
    await joinChat(page, `csp-${uniqueSuffix()}`);
    await sendMessage(page, text);
    await expect(messagesWith(page, text)).toHaveAttribute('data-pending', 'false');
    await expect(page.getByTestId('widget-host.cpu').locator('canvas').first()).toBeVisible();

    expect(await csp.violations()).toEqual([]);
    expect(csp.consoleErrors).toEqual([]);
  });

  test('the violation watcher sees a blocked inline handler (the check above can fail)', async ({
    page,
  }) => {
    const csp = await watchCsp(page);
    await openDashboard(page);

    await page.evaluate(() => {
      const button = document.createElement('button');
      button.setAttribute('onclick', 'window.__pwned = 1');
      document.body.append(button);
      button.click();
    });

    await expect
      .poll(() => csp.violations())
      .toContainEqual(expect.objectContaining({ directive: 'script-src-attr' }));
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
