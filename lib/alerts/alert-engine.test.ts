import { describe, expect, it } from 'vitest';
import type { AlertRuleInput } from '@/lib/protocol';
import { MemoryAlertRows, MemoryAlertStore } from '@/lib/testing/memory-alert-store';
import {
  ALERT_ABSENT_LOOKBACK_MS,
  AlertEngine,
  type AlertTransition,
  type LastSampleRead,
} from './alert-engine';

const FOR_MS = 60_000;
const MIN_MS = 300_000;
const cpu: AlertRuleInput = {
  series: 'cpu',
  condition: 'above',
  threshold: 90,
  forMs: FOR_MS,
  severity: 'critical',
};

/** An engine on a memory store with a fake clock; `told` collects what it notified. */
async function setup(
  rule: AlertRuleInput = cpu,
  rows = new MemoryAlertRows(),
  lastSampleAt?: LastSampleRead,
) {
  const store = new MemoryAlertStore(rows);
  const created = (await store.listRules())[0] ?? (await store.createRule(rule));
  const clock = { now: 1_000_000 };
  const told: AlertTransition[] = [];
  const engine = new AlertEngine({
    store,
    clock: () => clock.now,
    notify: (t) => {
      told.push(t);
    },
    minNotifyIntervalMs: MIN_MS,
    tickIntervalMs: 0,
    ...(lastSampleAt ? { lastSampleAt } : {}),
  });
  await engine.start();
  const status = () => engine.views().find((v) => v.rule.id === created.id)?.status;
  const push = (value: number) => engine.onSamples([{ series: rule.series, value }]);
  return { engine, store, clock, told, status, push, rule: created, rows };
}

describe('AlertEngine', () => {
  it('is pending until the condition has held forMs: still pending at forMs - 1, firing at forMs + 1', async () => {
    const { clock, told, status, push, engine } = await setup();
    await push(95);
    expect(status()).toBe('pending');
    clock.now += FOR_MS - 1;
    await push(96);
    expect(status()).toBe('pending');
    await engine.tick();
    expect(status()).toBe('pending');
    expect(told).toEqual([]);
    clock.now += 2;
    await engine.tick(); // no new sample needed: time passing fires it
    expect(status()).toBe('firing');
    expect(told.map((t) => t.kind)).toEqual(['firing']);
    expect(told[0]?.state.value).toBe(96);
  });

  it('goes back to ok from pending without a word, and resolves a firing once', async () => {
    const { clock, told, status, push } = await setup();
    await push(95);
    await push(50);
    expect(status()).toBe('ok');
    await push(95);
    clock.now += FOR_MS + 1;
    await push(97);
    expect(status()).toBe('firing');
    clock.now += 10_000;
    await push(10);
    expect(status()).toBe('resolved');
    await push(11);
    expect(told.map((t) => [t.kind, t.state.value])).toEqual([
      ['firing', 97],
      ['resolved', 10],
    ]);
    expect(told[1]?.state.firingSince).toBe(told[0]?.at);
  });

  it('fires at once with forMs 0, strictly past the threshold', async () => {
    const { status, push } = await setup({ ...cpu, forMs: 0 });
    await push(90);
    expect(status()).toBe('ok');
    await push(90.01);
    expect(status()).toBe('firing');
  });

  it('fires `absent` when no sample came for forMs (edge: forMs - 1 no, forMs + 1 yes), resolves on a sample', async () => {
    const { clock, told, status, push, engine } = await setup({
      series: 'beat',
      condition: 'absent',
      forMs: FOR_MS,
      severity: 'warning',
    });
    await push(1);
    clock.now += FOR_MS - 1;
    await engine.tick();
    expect(status()).toBe('ok');
    clock.now += 2;
    await engine.tick();
    expect(status()).toBe('firing');
    await engine.tick();
    await push(1);
    expect(status()).toBe('resolved');
    expect(told.map((t) => t.kind)).toEqual(['firing', 'resolved']);
  });

  it('does not flood on a flapping series: one firing per minimum interval, told late if still firing', async () => {
    const { clock, told, status, push, engine } = await setup({ ...cpu, forMs: 0 });
    for (let i = 0; i < 10; i++) {
      clock.now += 1000;
      await push(95);
      clock.now += 1000;
      await push(50);
    }
    expect(told.map((t) => t.kind)).toEqual(['firing', 'resolved']);
    clock.now += 1000;
    await push(95); // fires again within the interval: held back
    expect(status()).toBe('firing');
    expect(told).toHaveLength(2);
    clock.now = (told[0]?.at ?? 0) + MIN_MS - 1;
    await engine.tick();
    expect(told).toHaveLength(2);
    clock.now += 1;
    await engine.tick();
    expect(told.map((t) => t.kind)).toEqual(['firing', 'resolved', 'firing']);
  });

  it('does not tell a firing again after a restart, and still resolves it', async () => {
    const first = await setup({ ...cpu, forMs: 0 });
    await first.push(95);
    expect(first.told).toHaveLength(1);
    await first.engine.stop();
    const again = await setup(cpu, first.rows);
    expect(again.status()).toBe('firing');
    await again.push(96);
    await again.engine.tick();
    expect(again.told).toEqual([]);
    await again.push(10);
    expect(again.told.map((t) => t.kind)).toEqual(['resolved']);
  });

  it('lets exactly one of two engines on one database tell a transition (compare-and-set)', async () => {
    const a = await setup({ ...cpu, forMs: 0 });
    const b = await setup(cpu, a.rows);
    await Promise.all([a.push(95), b.push(95)]);
    expect(a.told.length + b.told.length).toBe(1);
    await Promise.all([a.push(10), b.push(10)]);
    expect(a.told.length + b.told.length).toBe(2);
  });

  it('holds notifications while silenced and tells the state once the silence ends', async () => {
    const { clock, told, push, engine, rule } = await setup({ ...cpu, forMs: 0 });
    expect(await engine.silence(rule.id, clock.now + 60_000)).toBe(true);
    await push(95);
    expect(told).toEqual([]);
    expect(engine.views()[0]?.silencedUntil).toBe(clock.now + 60_000);
    clock.now += 60_000;
    await engine.tick();
    expect(told.map((t) => t.kind)).toEqual(['firing']);
  });

  it('records who acknowledged a firing, and refuses an ack of a rule not firing', async () => {
    const { push, engine, rule } = await setup({ ...cpu, forMs: 0 });
    expect(await engine.acknowledge(rule.id, 'ada')).toBe(false);
    await push(95);
    expect(await engine.acknowledge(rule.id, 'ada')).toBe(true);
    expect(engine.views()[0]?.ackedBy).toBe('ada');
    expect(await engine.acknowledge(999, 'ada')).toBe(false);
  });
});

describe('AlertEngine on a series never seen', () => {
  it('fires `absent` forMs after it first saw the rule (edge: forMs - 1 no, forMs + 1 yes)', async () => {
    const { clock, status, engine } = await setup({
      series: 'never',
      condition: 'absent',
      forMs: FOR_MS,
      severity: 'warning',
    });
    await engine.tick(); // first sight of the rule
    clock.now += FOR_MS - 1;
    await engine.tick();
    expect(status()).toBe('ok');
    clock.now += 2;
    await engine.tick();
    expect(status()).toBe('firing');
  });

  it("counts `absent` from the series' last stored sample when this process saw none (a restart): edge at forMs", async () => {
    const START_MS = 1_000_000;
    const asked: [readonly string[], number][] = [];
    const { clock, status, engine } = await setup(
      { series: 'beat', condition: 'absent', forMs: FOR_MS, severity: 'warning' },
      new MemoryAlertRows(),
      async (series, sinceMs) => {
        asked.push([series, sinceMs]);
        // Its last sample was stored FOR_MS - 10 ms before this process started.
        return new Map([['beat', START_MS - FOR_MS + 10]]);
      },
    );
    expect(asked).toEqual([[['beat'], START_MS - ALERT_ABSENT_LOOKBACK_MS]]);
    clock.now += 9;
    await engine.tick();
    expect(status()).toBe('ok');
    clock.now += 2;
    await engine.tick();
    expect(status()).toBe('firing');
    expect(asked).toHaveLength(1); // looked for once, not on every tick
  });

  it('shows the last value of a rule that never changed state', async () => {
    const { engine, push } = await setup();
    await push(42);
    await engine.tick();
    expect(engine.views()[0]).toMatchObject({ status: 'ok', value: 42 });
  });
});
