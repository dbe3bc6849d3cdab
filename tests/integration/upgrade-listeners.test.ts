import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { countLogLines } from './helpers/log-watch';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const COUNT_UPGRADE_LISTENERS = fileURLToPath(
  new URL('./fixtures/count-upgrade-listeners.mjs', import.meta.url),
);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(
    { COLLECTOR_ENABLED: '0' },
    { nodeArgs: ['--import', COUNT_UPGRADE_LISTENERS] },
  );
});
afterAll(async () => {
  closeClients();
  await server?.stop();
});

describe('upgrade listeners', () => {
  it('are the same after Next served a page (Next would add one of its own on its first request)', async () => {
    const upgrades = countLogLines(server.child, (line) => line.msg === 'upgrade listeners');
    await openChat(server.wsUrl, { name: 'before-page' });
    await expect.poll(() => upgrades.count()).toBe(1);
    const before = upgrades.last()?.count;

    const page = await fetch(`${server.url}/`);
    await page.arrayBuffer();
    expect(page.status).toBe(200);
    await openChat(server.wsUrl, { name: 'after-page' });

    await expect.poll(() => upgrades.count()).toBe(2);
    expect(upgrades.last()?.count).toBe(before);
    upgrades.stop();
  });
});
