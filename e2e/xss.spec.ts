import { joinChat, messagesWith, sendMessage, twoPeople, uniqueSuffix } from './helpers';
import { expect, type Page, test } from './test';

/** A hostile chat name (at most 32 characters, the name limit). */
const HOSTILE_NAME = '<img src=x onerror=__pwned=1>';

/** Chat texts that would run script if rendered as markup or as a link. */
const PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '[click](javascript:window.__pwned=1)',
  'javascript:alert(1)',
  '<svg onload="window.__pwned=1"></svg>',
  '<a href="javascript:window.__pwned=1">open</a>',
  'see https://example.com/<b onmouseover=alert(1)>x</b>',
];

/** Elements under `root` (a selector or an HTML string) with an on* attribute or a javascript: URL. */
function hostileNodes(page: Page, source: { selector: string } | { html: string }) {
  return page.evaluate((src) => {
    const root =
      'html' in src
        ? new DOMParser().parseFromString(src.html, 'text/html').documentElement
        : document.querySelector(src.selector);
    if (!root) throw new Error('no root to inspect');
    const found: string[] = [];
    for (const el of root.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const value = attr.value.replace(/\s/g, '').toLowerCase();
        if (/^on/i.test(attr.name) || value.startsWith('javascript:')) found.push(el.outerHTML);
      }
      if (el.tagName === 'SCRIPT' || el.tagName === 'IFRAME' || el.tagName === 'OBJECT') {
        found.push(el.outerHTML);
      }
    }
    return found;
  }, source);
}

test.describe('chat renders hostile text inert', () => {
  test('script, onerror, onload and javascript: payloads stay literal text in both pages', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const { contextA, contextB, a, b } = await twoPeople(browser);
    const dialogs: string[] = [];
    for (const page of [a, b]) {
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    }
    await joinChat(a, HOSTILE_NAME);
    await joinChat(b, `Vic-${id}`);
    await expect(b.getByTestId('chat-online')).toContainText(HOSTILE_NAME);

    for (const payload of PAYLOADS) await sendMessage(a, `${payload} ${id}`);

    for (const payload of PAYLOADS) {
      const text = `${payload} ${id}`;
      const message = messagesWith(b, text);
      await expect(message).toHaveCount(1);
      await expect(message.locator('.chat-text')).toHaveText(text);
      await expect(message.locator('.chat-author')).toHaveText(HOSTILE_NAME);
    }
    await expect(messagesWith(a, id)).toHaveCount(PAYLOADS.length);

    // Only this test's messages: other specs sharing the server post real dashboard links.
    const urlBefore = b.url();
    for (const text of await messagesWith(b, id).locator('.chat-text').all()) await text.click();
    for (const author of await messagesWith(b, id).locator('.chat-author').all())
      await author.click();
    expect(b.url()).toBe(urlBefore);

    for (const page of [a, b]) {
      expect(await hostileNodes(page, { selector: '[data-testid="chat-messages"]' })).toEqual([]);
      expect(await hostileNodes(page, { selector: '[data-testid="chat-online"]' })).toEqual([]);
      // One real link (issue 13): the https URL up to the markup, shown as written; nothing else.
      const links = messagesWith(page, id).locator('a');
      await expect(links).toHaveCount(1);
      await expect(links).toHaveAttribute('href', 'https://example.com/');
      await expect(links).toHaveText('https://example.com/');
      await expect(links).toHaveAttribute('rel', 'noopener noreferrer nofollow');
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    }
    expect(dialogs).toEqual([]);

    await contextA.close();
    await contextB.close();
  });

  test('the hostile-node check finds every payload when it is parsed as HTML (it can fail)', async ({
    page,
  }) => {
    await page.goto('/');
    const html = PAYLOADS.filter((p) => p.includes('<')).join('') + HOSTILE_NAME;

    const found = await hostileNodes(page, { html });

    // script, img onerror, svg onload, a href=javascript:, b onmouseover, the name's img onerror
    expect(found).toHaveLength(6);
  });
});
