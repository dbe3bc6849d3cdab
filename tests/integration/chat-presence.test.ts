import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PRESENCE_MIN_INTERVAL_MS } from '@/lib/chat/presence';
import { type ChatClient, type FrameOf, openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getHealth } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(async () => {
  closeClients();
  await expect.poll(async () => (await getHealth(server.url)).chatSockets).toBe(0);
});

type Presence = FrameOf<'presence'>;

/**
 * Consumes presence frames until one satisfies `done`. Frames about names of earlier tests
 * may arrive first (their leaves are coalesced too); every test names its own people.
 */
async function presenceUntil(
  client: ChatClient,
  done: (f: Presence) => boolean,
): Promise<Presence[]> {
  const frames: Presence[] = [];
  for (;;) {
    const frame = await client.next('presence', 5000);
    frames.push(frame);
    if (done(frame)) return frames;
  }
}

const about = (prefix: string) => (f: Presence) => ({
  joined: f.joined.filter((n) => n.startsWith(prefix)),
  left: f.left.filter((n) => n.startsWith(prefix)),
});

describe('/ws/chat: presence', () => {
  it('tells the others when a name comes online and when it goes offline', async () => {
    const ada = await openChat(server.wsUrl, { name: 'p1-ada' });

    const bob = await openChat(server.wsUrl, { name: 'p1-bob' });
    const joined = await presenceUntil(ada, (f) => f.joined.includes('p1-bob'));
    await bob.close();
    const left = await presenceUntil(ada, (f) => f.left.includes('p1-bob'));

    expect(joined.map(about('p1-'))).toContainEqual({ joined: ['p1-bob'], left: [] });
    expect(joined.at(-1)?.onlineCount).toBe(2);
    expect(left.map(about('p1-')).at(-1)).toEqual({ joined: [], left: ['p1-bob'] });
    expect(left.at(-1)?.onlineCount).toBe(1);
    expect(bob.welcome.online.sort()).toEqual(['p1-ada', 'p1-bob']);
  });

  it('keeps a name online while any of its connections stays open', async () => {
    const ada = await openChat(server.wsUrl, { name: 'p2-ada' });
    const bob1 = await openChat(server.wsUrl, { name: 'p2-bob' });
    await presenceUntil(ada, (f) => f.joined.includes('p2-bob'));
    const bob2 = await openChat(server.wsUrl, { name: 'p2-bob' });

    await bob1.close();
    const carol = await openChat(server.wsUrl, { name: 'p2-carol' });
    const untilCarol = await presenceUntil(ada, (f) => f.joined.includes('p2-carol'));
    await bob2.close();
    const untilBobLeft = await presenceUntil(ada, (f) => f.left.includes('p2-bob'));

    expect(untilCarol.flatMap((f) => f.left)).not.toContain('p2-bob');
    expect(carol.welcome.online.sort()).toEqual(['p2-ada', 'p2-bob', 'p2-carol']);
    expect(untilBobLeft.at(-1)?.onlineCount).toBe(2);
  });

  it('coalesces a burst of joins into one frame after the first', async () => {
    const ada = await openChat(server.wsUrl, { name: 'p3-ada' });
    const names = Array.from({ length: 9 }, (_, i) => `p3-join-${i}`);
    const seen = new Set<string>();

    const burstFrom = performance.now();
    await Promise.all(names.map((name) => openChat(server.wsUrl, { name })));
    const burstMs = performance.now() - burstFrom;
    const frames = await presenceUntil(ada, (f) => {
      for (const n of f.joined) seen.add(n);
      return names.every((n) => seen.has(n));
    });

    const mine = frames.map(about('p3-join-')).filter((f) => f.joined.length > 0);
    // The first join opens a window; the joins that follow within it share one frame. A burst
    // longer than a window (a slow machine) may take one more frame per window it spans.
    expect(mine.length).toBeLessThanOrEqual(1 + Math.ceil(burstMs / PRESENCE_MIN_INTERVAL_MS));
    expect(mine.flatMap((f) => f.joined).sort()).toEqual([...names].sort());
    expect(frames.at(-1)?.onlineCount).toBe(10);
  });

  it('spaces presence frames a second apart however fast names come and go', async () => {
    const ada = await openChat(server.wsUrl, { name: 'p4-ada' });
    const received: number[] = [];
    ada.ws.on('message', (data) => {
      if (JSON.parse(data.toString()).type === 'presence') received.push(Date.now());
    });

    let churned = 0;
    await expect
      .poll(
        async () => {
          const churn = await openChat(server.wsUrl, { name: `p4-churn-${churned++}` });
          await churn.close();
          return received.length;
        },
        { interval: 20, timeout: 10_000 },
      )
      .toBeGreaterThanOrEqual(2);

    const gaps = received.slice(1).map((t, i) => t - (received[i] ?? 0));
    expect(churned).toBeGreaterThan(received.length);
    // Timers are not exact: allow a little early, never much.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(900);
  });

  it('does not send a newcomer a presence frame about names its welcome already listed', async () => {
    const ada = await openChat(server.wsUrl, { name: 'p5-ada' });
    await openChat(server.wsUrl, { name: 'p5-bob' });
    await presenceUntil(ada, (f) => f.joined.includes('p5-bob'));

    const carol = await openChat(server.wsUrl, { name: 'p5-carol' });
    await presenceUntil(ada, (f) => f.joined.includes('p5-carol'));
    ada.send({ type: 'message', text: 'barrier' });
    await carol.next('message');

    expect(carol.welcome.online.sort()).toEqual(['p5-ada', 'p5-bob', 'p5-carol']);
    expect(carol.log.items.filter((f) => f.type === 'presence')).toEqual([]);
  });

  it('sends a newcomer only the changes after its welcome', async () => {
    const ada = await openChat(server.wsUrl, { name: 'p6-ada' });
    await openChat(server.wsUrl, { name: 'p6-bob' });
    await presenceUntil(ada, (f) => f.joined.includes('p6-bob'));

    // Within the window opened by bob's frame: carol is welcomed, then dave joins.
    const carol = await openChat(server.wsUrl, { name: 'p6-carol' });
    await openChat(server.wsUrl, { name: 'p6-dave' });
    const atCarol = await presenceUntil(carol, (f) => f.joined.includes('p6-dave'));

    expect(carol.welcome.online.sort()).toEqual(['p6-ada', 'p6-bob', 'p6-carol']);
    expect(atCarol.flatMap((f) => f.joined)).toEqual(['p6-dave']);
  });
});
