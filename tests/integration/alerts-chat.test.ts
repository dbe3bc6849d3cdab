import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_AUTHOR } from '@/lib/protocol';
import { type ChatClient, openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getJson, pushSamples, sendJson } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

afterEach(closeClients);

const post = (url: string, body: unknown) => sendJson(url, 'POST', body);

/** Sends `text` from `client` and resolves with its ack's id. */
async function say(client: ChatClient, text: string): Promise<number> {
  const clientMsgId = `m-${Math.random().toString(36).slice(2)}`;
  client.send({ type: 'message', text, clientMsgId });
  return (await client.next('ack')).id;
}

describe('alerts in the chat (issue 16: the system author in the room of the rule’s board)', () => {
  let server: TestServer;
  let ruleId: number;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
    expect((await post(`${server.url}/api/boards`, { name: 'Ops' })).status).toBe(201);
    const created = await post(`${server.url}/api/alert-rules`, {
      series: 'ops.queue',
      condition: 'above',
      threshold: 100,
      forMs: 0,
      severity: 'warning',
      board: 'ops',
      name: 'Queue long',
    });
    expect(created.status).toBe(201);
    ruleId = (created.body as { id: number }).id;
  });
  afterAll(() => server?.stop());

  it('posts a firing in the board’s room as Pulseboard with "system": true, and nowhere else', async () => {
    const ops = await openChat(server.wsUrl, { name: 'ann', room: 'ops' });
    const general = await openChat(server.wsUrl, { name: 'dan' });
    const generalSender = await openChat(server.wsUrl, { name: 'eve' });
    await pushSamples(server.url, [{ series: 'ops.queue', value: 150 }]);

    const firing = await ops.next('message');
    expect(firing).toMatchObject({ name: SYSTEM_AUTHOR, system: true });
    expect(firing.text).toContain('ops.queue');
    expect(firing.text).toContain('150');
    expect(firing.text).toContain('100');
    expect(firing.text).toMatch(/\/b\/ops\?from=\d+&to=\d+/);
    // General's next message is its own: the firing never reached it.
    await say(generalSender, 'in general');
    expect(await general.next('message')).toMatchObject({ name: 'eve', text: 'in general' });
    // Stored as a system message of that room.
    const history = await getJson(`${server.url}/api/chat/messages?room=ops`);
    expect((history.body as { messages: unknown[] }).messages).toContainEqual(
      expect.objectContaining({ id: firing.id, name: SYSTEM_AUTHOR, system: true }),
    );
  });

  it('/alerts in the room is kept and answered there by Pulseboard; /ack records the name', async () => {
    const ops = await openChat(server.wsUrl, { name: 'ben', room: 'ops' });
    const other = await openChat(server.wsUrl, { name: 'cat', room: 'ops' });
    await say(ops, '/alerts');
    expect(await other.next('message')).toMatchObject({ name: 'ben', text: '/alerts' });
    const answer = await other.next('message');
    expect(answer).toMatchObject({ name: SYSTEM_AUTHOR, system: true });
    expect(answer.text).toContain(`#${ruleId} [warning] Queue long`);

    await say(ops, `/ack ${ruleId}`);
    expect(await other.next('message')).toMatchObject({
      name: 'ben',
      text: `acknowledged Queue long (#${ruleId})`,
    });
    await expect
      .poll(async () => {
        const alerts = (await getJson(`${server.url}/api/alerts`)).body as {
          alerts: { rule: { id: number }; ackedBy: string | null }[];
        };
        return alerts.alerts.find((a) => a.rule.id === ruleId)?.ackedBy;
      })
      .toBe('ben');
  });
});
