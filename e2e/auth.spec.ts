import { startTestServer, type TestServer } from '../tests/integration/helpers/start-test-server';
import { expectStatus, messagesWith, sendMessage, twoPeople, uniqueSuffix } from './helpers';
import { expect, test } from './test';

/**
 * The browser login flow against a second server of its own with access control on (the
 * shared e2e server runs without it), on E2E_AUTH_PORT (default 3198).
 */
const AUTH_PORT = Number(process.env.E2E_AUTH_PORT ?? 3198);
const PASSWORD = 'e2e shared password';

let server: TestServer;
test.beforeAll(async () => {
  server = await startTestServer({
    PORT: String(AUTH_PORT),
    AUTH_PASSWORD: PASSWORD,
    SAMPLE_INTERVAL_MS: '250',
  });
});
test.afterAll(async () => {
  await server?.stop();
});

test.describe('access control in the browser', () => {
  test('a wrong password shows an error on the login page', async ({ page }) => {
    await page.goto(`${server.url}/`);
    await expect(page).toHaveURL(`${server.url}/login`);

    await page.getByLabel('Your name in the chat').fill('Mallory');
    await page.getByLabel('Password').fill('not it');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page).toHaveURL(/\/login\?error=1$/);
    await expect(page.getByText('Wrong name or password.')).toHaveAttribute('role', 'alert');
  });

  test('people sign in through the form, see the dashboard and chat as their session name', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const [nameA, nameB] = [`Ada-${id}`, `Bo-${id}`];
    const { contextA, contextB, a, b } = await twoPeople(browser);
    for (const [page, name] of [
      [a, nameA],
      [b, nameB],
    ] as const) {
      await page.goto(`${server.url}/`);
      await page.getByLabel('Your name in the chat').fill(name);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(`${server.url}/`);
      await expectStatus(page, 'stream', 'live');
      await expectStatus(page, 'chat', 'live');
      await expect(page.getByTestId('session-name')).toHaveText(name);
      // The name is the session's: the chat offers no way to change it.
      await expect(page.getByRole('button', { name: 'change' })).toHaveCount(0);
    }

    const hello = `hello from A ${id}`;
    await sendMessage(a, hello);

    await expect(messagesWith(b, hello)).toHaveCount(1);
    await expect(messagesWith(b, hello)).toContainText(nameA);
    await contextA.close();
    await contextB.close();
  });

  test('signing out goes back to the login page and the dashboard is closed again', async ({
    page,
  }) => {
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Your name in the chat').fill('Carol');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectStatus(page, 'stream', 'live');

    await page.getByRole('button', { name: 'Sign out' }).click();

    await expect(page).toHaveURL(`${server.url}/login`);
    await page.goto(`${server.url}/`);
    await expect(page).toHaveURL(`${server.url}/login`);
  });
});

test.describe('signing out ends the session on the server', () => {
  test('the other tab of the same browser goes to the login page; another browser stays signed in', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const { contextA, contextB, a, b } = await twoPeople(browser);
    for (const [page, name] of [
      [a, `Eve-${id}`],
      [b, `Finn-${id}`],
    ] as const) {
      await page.goto(`${server.url}/login`);
      await page.getByLabel('Your name in the chat').fill(name);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expectStatus(page, 'chat', 'live');
    }
    const secondTab = await contextA.newPage();
    await secondTab.goto(`${server.url}/`);
    await expectStatus(secondTab, 'stream', 'live');
    await expectStatus(secondTab, 'chat', 'live');

    // Signing out in the follower tab: the first tab leads, holding the browser's one stream and
    // one chat socket, open with the session. Only the server can end those.
    await secondTab.getByRole('button', { name: 'Sign out' }).click();

    await expect(secondTab).toHaveURL(`${server.url}/login`);
    await expect(a).toHaveURL(`${server.url}/login`);
    await expect(a.getByLabel('Password')).toBeVisible();
    // The other browser's session is untouched: still live, and it still chats.
    await expect(b).toHaveURL(`${server.url}/`);
    await expectStatus(b, 'stream', 'live');
    await expectStatus(b, 'chat', 'live');
    const after = `still here ${id}`;
    await sendMessage(b, after);
    await expect(messagesWith(b, after)).toHaveCount(1);
    await contextA.close();
    await contextB.close();
  });
});

test.describe('an expiring session in the browser', () => {
  /** Long enough to sign in and see the dashboard live, short enough to wait for. */
  const SHORT_TTL_S = 4;
  let shortLived: TestServer;
  test.beforeAll(async () => {
    // Port 0: a free port, so this second server collides with nobody's.
    shortLived = await startTestServer({
      AUTH_PASSWORD: PASSWORD,
      AUTH_SESSION_TTL_S: String(SHORT_TTL_S),
    });
  });
  test.afterAll(async () => {
    await shortLived?.stop();
  });

  test('the page goes to the login page when the session expires, and stays there', async ({
    page,
  }) => {
    await page.goto(`${shortLived.url}/login`);
    await page.getByLabel('Your name in the chat').fill('Dora');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectStatus(page, 'stream', 'live');
    await expectStatus(page, 'chat', 'live');

    await expect(page).toHaveURL(`${shortLived.url}/login`, {
      timeout: SHORT_TTL_S * 1000 + 10_000,
    });
    await expect(page.getByLabel('Password')).toBeVisible();
  });
});
