import { describe, expect, it } from 'vitest';
import type { AlertRule } from '@/lib/protocol';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import type { AlertTransition } from './alert-engine';
import { alertNotifier } from './alert-notifier';
import { WebhookQueue } from './webhook-queue';

const rule: AlertRule = {
  id: 1,
  series: 'ops.queue',
  condition: 'above',
  threshold: 100,
  forMs: 0,
  severity: 'warning',
  board: 'ops',
  name: 'Queue long',
};

const firing: AlertTransition = {
  kind: 'firing',
  rule,
  at: 60_000,
  state: {
    ruleId: 1,
    status: 'firing',
    since: 60_000,
    version: 1,
    value: 150,
    notified: null,
    notifiedAt: null,
    ackedBy: null,
    silencedUntil: null,
    firingSince: 60_000,
  },
};

/** Tells `firing` with the rule's board existing or not; what the chat and timeline got. */
async function tell(boardExists: boolean) {
  const { alerts } = openMemoryStores();
  const posts: { room: string; text: string }[] = [];
  const notify = alertNotifier({
    chat: { post: async (room, text) => void posts.push({ room, text }) },
    store: alerts,
    webhooks: new WebhookQueue(),
    targets: [],
    boardExists: async (slug) => boardExists && slug === 'ops',
  });
  await notify(firing);
  const annotations = await alerts.listAnnotations({ from: 0, to: 120_000 }, 10);
  return { posts, annotations };
}

describe('alertNotifier', () => {
  it("posts in the room of the rule's board, linking to it, and annotates that board", async () => {
    const { posts, annotations } = await tell(true);
    expect(posts).toEqual([
      { room: 'ops', text: expect.stringMatching(/\/b\/ops\?from=\d+&to=\d+$/) },
    ]);
    expect(annotations).toMatchObject([{ text: 'Queue long firing', board: 'ops' }]);
  });

  it('tells a rule of a board deleted since as the default board’s: general, a link to /', async () => {
    const { posts, annotations } = await tell(false);
    expect(posts).toEqual([
      { room: 'general', text: expect.stringMatching(/ \/\?from=\d+&to=\d+$/) },
    ]);
    expect(annotations).toMatchObject([{ text: 'Queue long firing', board: null }]);
  });
});
