import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runAnnotateCommand } from '@/lib/cli/annotate-command';
import { getJson, pushSamples, sendJson } from './helpers/http-api';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { startWebhookReceiver } from './helpers/webhook-receiver';

/** Webhook retries start after 1 s (WEBHOOK_RETRY_BASE_MS): room for it on a loaded machine. */
const DELIVERY_TIMEOUT_MS = 15_000;

const rule = {
  series: 'cpu',
  condition: 'above',
  threshold: 90,
  forMs: 0,
  severity: 'critical',
  name: 'CPU hot',
};

describe('alerts over HTTP: rules, lifecycle, webhooks, annotations', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver([500]); // the first delivery fails once
    server = await startTestServer({ COLLECTOR_ENABLED: '0', ALERT_WEBHOOKS: receiver.url });
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
  });
  const api = (path: string) => `${server.url}${path}`;

  it.each([
    ['not an object', '[]', 'body: the body must be an object'],
    ['an unknown field', { ...rule, extra: 1 }, 'body: unknown field'],
    ['a bad series key', { ...rule, series: 'cpu{' }, 'body.series: series:'],
    [
      'a bad condition',
      { ...rule, condition: 'near' },
      'body.condition: condition must be above, below or absent',
    ],
    [
      'no threshold for above',
      { ...rule, threshold: undefined },
      'body.threshold: an above rule needs a threshold',
    ],
    [
      'a threshold for absent',
      { ...rule, condition: 'absent' },
      'body.threshold: an absent rule takes no threshold',
    ],
    ['a negative forMs', { ...rule, forMs: -1 }, 'body.forMs: forMs must not be negative'],
    [
      'a fractional forMs',
      { ...rule, forMs: 1.5 },
      'body.forMs: forMs must be a whole number of milliseconds',
    ],
    [
      'forMs past 7 days',
      { ...rule, forMs: 7 * 86_400_000 + 1 },
      'body.forMs: forMs must be at most',
    ],
    [
      'a bad severity',
      { ...rule, severity: 'info' },
      'body.severity: severity must be warning or critical',
    ],
    [
      'a board that does not exist',
      { ...rule, board: 'nope' },
      'body.board: there is no board nope',
    ],
  ])(
    'refuses a rule with %s (400 validation_failed or invalid_json)',
    async (_name, body, message) => {
      const answer = await sendJson(api('/api/alert-rules'), 'POST', body);
      expect(answer.status).toBe(400);
      expect((answer.body as { error: { message: string } }).error.message).toContain(message);
      expect((await getJson(api('/api/alert-rules'))).body).toEqual({ rules: [] });
    },
  );

  it('answers 404 for an unknown rule id and 400 for a bad one', async () => {
    expect((await sendJson(api('/api/alert-rules/999'), 'PUT', rule)).status).toBe(404);
    expect((await sendJson(api('/api/alert-rules/999'), 'DELETE')).status).toBe(404);
    expect((await sendJson(api('/api/alert-rules/abc'), 'DELETE')).status).toBe(400);
  });

  it('fires on a value pushed over the threshold: /api/alerts, the webhook (after one retry), an annotation, /metrics', async () => {
    const created = await sendJson(api('/api/alert-rules'), 'POST', rule);
    expect(created).toEqual({ status: 201, body: { ...rule, id: expect.any(Number) } });
    const id = (created.body as { id: number }).id;
    expect((await getJson(api('/api/alert-rules'))).body).toEqual({ rules: [{ ...rule, id }] });
    await pushSamples(server.url, [{ series: 'cpu', value: 95 }]);
    await expect
      .poll(
        async () =>
          ((await getJson(api('/api/alerts'))).body as { alerts: { status: string }[] }).alerts[0]
            ?.status,
      )
      .toBe('firing');
    await vi.waitFor(() => expect(receiver.bodies).toHaveLength(2), {
      timeout: DELIVERY_TIMEOUT_MS,
    });
    expect(receiver.bodies[1]).toEqual({
      status: 'firing',
      rule: { ...rule, id },
      series: 'cpu',
      value: 95,
      threshold: 90,
      startsAt: expect.any(Number),
      link: expect.stringMatching(/^\/\?from=\d+&to=\d+$/),
    });
    const metrics = await scrapeMetrics(server.url);
    expect(
      metrics.get('pulseboard_alert_notifications_total{channel="webhook",outcome="delivered"}'),
    ).toBe(1);
    expect(metrics.get('pulseboard_alert_webhook_retries_total')).toBe(1);
    expect(
      metrics.get('pulseboard_alert_notifications_total{channel="chat",outcome="delivered"}'),
    ).toBe(1);
    const notes = await getJson(api(`/api/annotations?from=0&to=${Date.now() + 60_000}`));
    expect(notes.body).toEqual({
      annotations: [expect.objectContaining({ text: 'CPU hot firing', board: null })],
    });
  });

  it('does not post a firing again after a restart, and posts its resolve', async () => {
    server = await server.restart();
    const alerts = (await getJson(api('/api/alerts'))).body as { alerts: { status: string }[] };
    expect(alerts.alerts[0]?.status).toBe('firing');
    await pushSamples(server.url, [{ series: 'cpu', value: 96 }]);
    await pushSamples(server.url, [{ series: 'cpu', value: 10 }]);
    await vi.waitFor(() => expect(receiver.bodies).toHaveLength(3), {
      timeout: DELIVERY_TIMEOUT_MS,
    });
    // One queue, in order: had the restart posted the firing again, it would come before this.
    expect(receiver.bodies[2]).toMatchObject({
      status: 'resolved',
      value: 10,
      endsAt: expect.any(Number),
    });
  });

  it('stores annotations from the API and the CLI, read by time and board', async () => {
    const posted = await sendJson(api('/api/annotations'), 'POST', {
      text: 'web deploy',
      ts: 5_000,
      board: 'web',
    });
    expect(posted).toEqual({
      status: 201,
      body: { id: expect.any(Number), ts: 5_000, text: 'web deploy', board: 'web' },
    });
    expect(
      await runAnnotateCommand(['deploy v1.4', '--ts', '6000', '--url', server.url], {}),
    ).toMatch(/^annotated #\d+ at 1970-01-01T00:00:06.000Z$/);
    const read = async (query: string) =>
      (
        (await getJson(api(`/api/annotations?${query}`))).body as {
          annotations: { text: string }[];
        }
      ).annotations.map((a) => a.text);
    expect(await read('from=0&to=10000')).toEqual(['web deploy', 'deploy v1.4']);
    expect(await read('from=0&to=10000&board=web')).toEqual(['web deploy', 'deploy v1.4']);
    expect(await read('from=0&to=10000&board=default')).toEqual(['deploy v1.4']);
    expect(await read('from=5001&to=10000')).toEqual(['deploy v1.4']);
    for (const query of ['from=0', 'from=a&to=1', 'from=2&to=1', 'from=0&to=1&board=Bad!']) {
      expect((await getJson(api(`/api/annotations?${query}`))).status).toBe(400);
    }
    for (const body of [
      {},
      { text: '' },
      { text: 'x'.repeat(201) },
      { text: 'x', ts: -1 },
      { text: 'x', other: 1 },
    ]) {
      expect((await sendJson(api('/api/annotations'), 'POST', body)).status).toBe(400);
    }
  });

  it("counts `absent` from the series' last stored sample after a restart, not from the start", async () => {
    const TEN_MINUTES_MS = 600_000;
    await pushSamples(server.url, [
      { series: 'beat.gone', value: 1, ts: Date.now() - TEN_MINUTES_MS },
    ]);
    const created = await sendJson(api('/api/alert-rules'), 'POST', {
      series: 'beat.gone',
      condition: 'absent',
      forMs: TEN_MINUTES_MS / 2,
      severity: 'warning',
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: number }).id;
    const statusOf = async () =>
      (
        (await getJson(api('/api/alerts'))).body as {
          alerts: { rule: { id: number }; status: string }[];
        }
      ).alerts.find((a) => a.rule.id === id)?.status;
    // This process saw the sample arrive just now: not absent for forMs yet.
    expect(await statusOf()).toBe('ok');
    server = await server.restart();
    // Its last stored sample is ten minutes old: absent for twice forMs, firing at the first tick.
    await vi.waitFor(async () => expect(await statusOf()).toBe('firing'), {
      timeout: DELIVERY_TIMEOUT_MS,
    });
  });
});
