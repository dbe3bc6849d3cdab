/**
 * How long the alert engine takes to evaluate one committed batch: 500 rules (ALERT_RULES_MAX),
 * 5000 rows (FLUSH_BATCH_MAX_ROWS), half of them on a series with a rule, 20 rounds.
 * `node --import tsx bench/alert-evaluate.ts`
 */
import { AlertEngine } from '../lib/alerts/alert-engine';
import { MemoryAlertStore } from '../lib/testing/memory-alert-store';

const RULES = 500;
const ROWS = 5000;
const store = new MemoryAlertStore();
for (let i = 0; i < RULES; i++) {
  await store.createRule({
    series: `s${i}`,
    condition: 'above',
    threshold: 1e9,
    forMs: 60_000,
    severity: 'warning',
  });
}
const engine = new AlertEngine({ store, notify: () => {}, tickIntervalMs: 0 });
await engine.start();
const rows = Array.from({ length: ROWS }, (_, i) => ({ series: `s${i % 1000}`, value: i }));
const times: number[] = [];
for (let r = 0; r < 20; r++) {
  const t0 = performance.now();
  await engine.onSamples(rows);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(
  `${RULES} rules, batch of ${ROWS} rows (half matching a rule): median ${times[10]?.toFixed(2)} ms, max ${times[19]?.toFixed(2)} ms`,
);
