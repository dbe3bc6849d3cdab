import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { AlertRuleInput } from '@/lib/protocol';
import type { AlertState, AlertStore } from '@/lib/store/alert-store';
import { type ContractDatabase, type OpenContractDatabase, rejectionOf } from './harness';

const cpu: AlertRuleInput = {
  series: 'cpu{host="a"}',
  condition: 'above',
  threshold: 90.5,
  forMs: 60_000,
  severity: 'critical',
  board: 'web',
  name: 'CPU hot',
};
const absent: AlertRuleInput = {
  series: 'beat',
  condition: 'absent',
  forMs: 1000,
  severity: 'warning',
};

const stateOf = (ruleId: number, patch: Partial<AlertState> = {}): AlertState => ({
  ruleId,
  status: 'pending',
  since: 1_000,
  version: 0,
  value: 95.25,
  notified: null,
  notifiedAt: null,
  ackedBy: null,
  silencedUntil: null,
  firingSince: null,
  ...patch,
});

/** The AlertStore contract: rules by id, states by compare-and-set, annotations by time. */
export function describeAlertStoreContract(name: string, open: OpenContractDatabase): void {
  describe(`AlertStore contract: ${name}`, () => {
    let db: ContractDatabase;
    let alerts: AlertStore;
    beforeEach(async () => {
      db = await open();
      alerts = db.stores.alerts;
    });
    afterEach(() => db.dispose());

    const codeOf = async (promise: Promise<unknown>) => {
      const error = await rejectionOf(promise);
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).code;
    };

    it('creates, lists, updates and deletes rules, optional fields left out when not given', async () => {
      expect(await alerts.listRules()).toEqual([]);
      const a = await alerts.createRule(cpu);
      const b = await alerts.createRule(absent);
      expect(b.id).toBeGreaterThan(a.id);
      expect(await alerts.listRules()).toEqual([
        { ...cpu, id: a.id },
        { ...absent, id: b.id },
      ]);
      const changed = { ...cpu, threshold: 80, board: undefined } as AlertRuleInput;
      delete changed.board;
      expect(await alerts.updateRule(a.id, changed)).toEqual({ ...changed, id: a.id });
      expect((await alerts.listRules())[0]).toEqual({ ...changed, id: a.id });
      await alerts.deleteRule(a.id);
      expect(await alerts.listRules()).toEqual([{ ...absent, id: b.id }]);
      const c = await alerts.createRule(cpu);
      expect(c.id).toBeGreaterThan(b.id); // never reused
    });

    it('refuses to update or delete a rule that does not exist (not_found)', async () => {
      expect(await codeOf(alerts.updateRule(42, cpu))).toBe('not_found');
      expect(await codeOf(alerts.deleteRule(42))).toBe('not_found');
    });

    it('writes a state only from the version stored: of two writers from one version, one wins', async () => {
      const rule = await alerts.createRule(cpu);
      const first = await alerts.putState(stateOf(rule.id), 0);
      expect(first).toEqual(stateOf(rule.id, { version: 1 }));
      expect(await alerts.putState(stateOf(rule.id, { status: 'firing' }), 0)).toBeUndefined();
      const other = await db.openAgain();
      try {
        const firing = stateOf(rule.id, {
          status: 'firing',
          since: 2_000,
          notified: 'firing',
          notifiedAt: 2_000,
        });
        const [x, y] = await Promise.all([
          alerts.putState(firing, 1),
          other.stores.alerts.putState({ ...firing, ackedBy: 'ada' }, 1),
        ]);
        expect([x, y].filter((s) => s !== undefined)).toHaveLength(1);
        const [stored] = await other.stores.alerts.listStates();
        expect(stored?.version).toBe(2);
        expect(stored?.status).toBe('firing');
      } finally {
        await other.dispose();
      }
    });

    it("forgets a rule's state when the rule is changed or deleted, and writes none for a missing rule", async () => {
      const rule = await alerts.createRule(cpu);
      await alerts.putState(stateOf(rule.id), 0);
      await alerts.updateRule(rule.id, { ...cpu, threshold: 50 });
      expect(await alerts.listStates()).toEqual([]);
      await alerts.putState(stateOf(rule.id), 0);
      await alerts.deleteRule(rule.id);
      expect(await alerts.listStates()).toEqual([]);
      expect(await alerts.putState(stateOf(rule.id), 0)).toBeUndefined();
      expect(await alerts.listStates()).toEqual([]);
    });

    it('keeps every nullable field of a state', async () => {
      const rule = await alerts.createRule(absent);
      const full = stateOf(rule.id, {
        status: 'firing',
        value: null,
        notified: 'firing',
        notifiedAt: 5_000,
        ackedBy: 'ada',
        silencedUntil: 9_000,
        firingSince: 4_000,
      });
      await alerts.putState(full, 0);
      expect(await alerts.listStates()).toEqual([{ ...full, version: 1 }]);
    });

    it('reads annotations in a time range, by board (and the global ones), the newest `limit`', async () => {
      const a = await alerts.addAnnotation({ ts: 1_000, text: 'deploy v1', board: null });
      expect(a).toEqual({ id: a.id, ts: 1_000, text: 'deploy v1', board: null });
      await alerts.addAnnotation({ ts: 2_000, text: 'web only', board: 'web' });
      await alerts.addAnnotation({ ts: 2_000, text: 'db only', board: 'db' });
      await alerts.addAnnotation({ ts: 3_000, text: 'late', board: null });
      const texts = async (q: Parameters<AlertStore['listAnnotations']>[0], limit = 100) =>
        (await alerts.listAnnotations(q, limit)).map((x) => x.text);
      expect(await texts({ from: 0, to: 10_000 })).toEqual([
        'deploy v1',
        'web only',
        'db only',
        'late',
      ]);
      expect(await texts({ from: 1_000, to: 2_000, board: 'web' })).toEqual([
        'deploy v1',
        'web only',
      ]);
      expect(await texts({ from: 1_001, to: 2_999 })).toEqual(['web only', 'db only']);
      expect(await texts({ from: 0, to: 10_000 }, 2)).toEqual(['db only', 'late']);
    });

    it('reads one annotation by id, undefined for an id never stored', async () => {
      await alerts.addAnnotation({ ts: 1_000, text: 'first', board: null });
      const web = await alerts.addAnnotation({ ts: 2_000, text: 'web only', board: 'web' });
      expect(await alerts.getAnnotation(web.id)).toEqual(web);
      expect(await alerts.getAnnotation(web.id + 1)).toBeUndefined();
    });
  });
}
