/**
 * The per-request cost of the session check (issue 10, B7): times `AccessControl.authenticate`
 * on a request carrying a valid session cookie, as the request router calls it for every
 * gated request. In process, no server; AUTH_PASSWORD mode.
 *
 *   node --import tsx scripts/measure-session-check.ts
 *   SESSION_CHECK_ROUNDS=9 SESSION_CHECK_CALLS=20000 node --import tsx scripts/measure-session-check.ts
 *
 * Prints numbers only; it asserts nothing (they depend on the machine and its load).
 */
import type { IncomingMessage } from 'node:http';
import { createAccessControl } from '@/lib/auth/access-control';
import { parseEnv } from '@/lib/env';
import { openMemoryStores } from '@/lib/testing/memory-stores';

/** Timed rounds; the median round is reported. */
const ROUNDS = Number(process.env.SESSION_CHECK_ROUNDS ?? 7);
/** Calls per round. */
const CALLS = Number(process.env.SESSION_CHECK_CALLS ?? 20_000);
/** Sessions revoked before timing (logouts within the TTL that the check must look past). */
const REVOKED = Number(process.env.SESSION_CHECK_REVOKED ?? 1000);

const env = parseEnv({ AUTH_PASSWORD: 'measure', AUTH_SECRET: 'x'.repeat(32) });
const stores = openMemoryStores();
const access = createAccessControl(env, stores.sessions);
if (!access) throw new Error('access control is off');
await access.sessions.start();
for (let i = 0; i < REVOKED; i++) {
  const issued = await access.sessions.issue('someone');
  await access.sessions.end(issued.value);
}
const { value } = await access.sessions.issue('ada');
const req = { headers: { cookie: `theme=dark; pulseboard_session=${value}` } } as IncomingMessage;
if (!access.authenticate(req)) throw new Error('the session was refused');

const perCallUs: number[] = [];
for (let round = 0; round < ROUNDS + 1; round++) {
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) access.authenticate(req);
  // The first round warms the JIT up and is not counted.
  if (round > 0) perCallUs.push(((performance.now() - started) * 1000) / CALLS);
}
access.sessions.stop();
perCallUs.sort((a, b) => a - b);
const median = perCallUs[Math.floor(perCallUs.length / 2)] ?? Number.NaN;
console.log(
  JSON.stringify({
    calls: CALLS,
    rounds: ROUNDS,
    revokedSessions: REVOKED,
    medianUsPerCall: Number(median.toFixed(2)),
    minUsPerCall: Number((perCallUs[0] ?? Number.NaN).toFixed(2)),
    maxUsPerCall: Number((perCallUs.at(-1) ?? Number.NaN).toFixed(2)),
  }),
);
