import { type APIRequestContext, type Browser, expect, type Page } from '@playwright/test';
import { COLLECTOR_SERIES } from '../lib/collector/collector';

/** Series the collector writes on every tick. */
export const BUILT_IN_SERIES = COLLECTOR_SERIES;

/** Two people: separate browser contexts (no shared storage), one page each. */
export async function twoPeople(browser: Browser) {
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  return { contextA, contextB, a: await contextA.newPage(), b: await contextB.newPage() };
}

/** A suffix that keeps names from different tests (and runs) apart. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Opens the dashboard and waits until the metric stream is live. */
export async function openDashboard(page: Page): Promise<void> {
  await page.goto('/');
  await expectStatus(page, 'stream', 'live');
}

/** Opens the page, gives the chat a name and waits until the chat is live. */
export async function joinChat(page: Page, name: string, timeoutMs?: number): Promise<void> {
  await page.goto('/');
  // The page is hydrated once its stream is live: a name typed before that would be lost to a
  // plain form submission (the page reloads without it).
  await expectStatus(page, 'stream', 'live', timeoutMs);
  await page.getByTestId('chat-name-input').fill(name);
  await page.getByTestId('chat-name-submit').click();
  await expectStatus(page, 'chat', 'live', timeoutMs);
}

/** Asserts a channel indicator's text and `data-status`. */
export async function expectStatus(
  page: Page,
  channel: 'stream' | 'chat',
  status: 'live' | 'reconnecting' | 'offline' | 'paused',
  timeoutMs?: number,
): Promise<void> {
  const indicator = page.getByTestId(`status-${channel}`);
  const options = timeoutMs === undefined ? {} : { timeout: timeoutMs };
  await expect(indicator).toHaveText(status, options);
  await expect(indicator).toHaveAttribute('data-status', status, options);
}

/** Sends a chat message the way a person does: type it, press Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const input = page.getByTestId('chat-input');
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
}

/** The chat messages whose text contains `text`. */
export function messagesWith(page: Page, text: string) {
  return page.getByTestId('chat-message').filter({ hasText: text });
}

/**
 * A new board named `<label> <suffix>` holding one line panel of a new series
 * `e2e.<label>.<suffix>` with one sample (5), made through the API; its slug, series and widget.
 */
export async function boardWithOneSeries(request: APIRequestContext, label: string) {
  const suffix = uniqueSuffix();
  const series = `e2e.${label.toLowerCase()}.${suffix}`;
  const pushed = await request.post('/api/metrics', { data: { samples: [{ series, value: 5 }] } });
  expect(pushed.status()).toBe(200);
  const created = await request.post('/api/boards', { data: { name: `${label} ${suffix}` } });
  expect(created.status()).toBe(201);
  const { slug } = (await created.json()) as { slug: string };
  const widget = { id: `d-${series}`, series, kind: 'line', size: 'm' };
  const put = await request.put(`/api/boards/${slug}/layout`, {
    data: { baseVersion: 0, widgets: [widget] },
  });
  expect(put.status()).toBe(200);
  return { slug, series, widget, suffix };
}
