import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import { MemorySessionRows, MemorySessionStore } from '@/lib/testing/memory-session-store';
import { EXPIRED_SESSIONS_DELETED_PER_LOGIN_MAX, LoginSessions } from './login-sessions';
import { verifySession } from './session-cookie';

const MAX_LAG_MS = 200;
const config = { secret: Buffer.from('s'.repeat(32)), sessionTtlS: 3600 };

let rows: MemorySessionRows;
let store: MemorySessionStore;
let sessions: LoginSessions;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  rows = new MemorySessionRows();
  store = new MemorySessionStore(rows);
  sessions = new LoginSessions(store, config, { maxLagMs: MAX_LAG_MS });
  await sessions.start();
});
afterEach(() => {
  sessions.stop();
  vi.useRealTimers();
});

/** Signs in `name` and returns the cookie value and the checked session. */
async function signIn(name = 'ada') {
  const { value, session } = await sessions.issue(name);
  return { value, session, checked: sessions.active(session) };
}

describe('LoginSessions', () => {
  it('stores each login with its own random id inside the signed cookie', async () => {
    const first = await signIn();
    const second = await signIn();

    expect(verifySession(first.value, config.secret)).toEqual(first.session);
    expect(first.session.id).not.toBe(second.session.id);
    expect([...rows.rows.keys()].sort()).toEqual([first.session.id, second.session.id].sort());
    expect(rows.rows.get(first.session.id)).toMatchObject({ name: 'ada', revokedAt: null });
    expect(first.checked).toMatchObject({ name: 'ada', exp: first.session.exp });
  });

  it("refuses a session once it signed out, ending that session's connections only", async () => {
    const out = await signIn();
    const kept = await signIn();
    const ends: string[] = [];
    out.checked?.watch?.((reason) => ends.push(`out: ${reason}`));
    kept.checked?.watch?.((reason) => ends.push(`kept: ${reason}`));

    expect(await sessions.end(out.value)).toBe(true);

    expect(ends).toEqual(['out: session revoked']);
    expect(sessions.active(out.session)).toBeNull();
    expect(sessions.active(kept.session)).not.toBeNull();
    expect(await store.revoked()).toMatchObject({ sessions: [{ id: out.session.id }] });
  });

  it('ends a connection that starts watching after its session was revoked', async () => {
    const { value, checked } = await signIn();
    await sessions.end(value);
    const ends: string[] = [];

    checked?.watch?.((reason) => ends.push(reason));
    expect(ends).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);

    expect(ends).toEqual(['session revoked']);
  });

  it("ends the connections of a session revoked by another process within the poll's period", async () => {
    const { session, checked } = await signIn();
    const ends: string[] = [];
    checked?.watch?.((reason) => ends.push(reason));

    await new MemorySessionStore(rows).revokeAll();
    await vi.advanceTimersByTimeAsync(MAX_LAG_MS);

    expect(ends).toEqual(['session revoked']);
    expect(sessions.active(session)).toBeNull();
  });

  it('does nothing for a cookie that names no session', async () => {
    expect(await sessions.end('not.a-cookie')).toBe(false);
    expect(await store.revocationVersion()).toBe(0);
  });

  it('refuses the session here even when the store cannot record the logout', async () => {
    const { value, session } = await signIn();
    vi.spyOn(store, 'revoke').mockRejectedValue(new AppError('store_busy', 'busy'));

    await expect(sessions.end(value)).rejects.toMatchObject({ code: 'store_busy' });

    expect(sessions.active(session)).toBeNull();
  });

  it(`deletes at most ${EXPIRED_SESSIONS_DELETED_PER_LOGIN_MAX} expired sessions per login`, async () => {
    for (let i = 0; i < EXPIRED_SESSIONS_DELETED_PER_LOGIN_MAX + 5; i++) {
      const id = `expired${String(i).padStart(15, '0')}`;
      await store.create({ id, name: 'old', createdAt: 0, expiresAt: 1 });
    }

    await signIn();
    expect(rows.rows.size).toBe(5 + 1);
    await signIn();

    expect(rows.rows.size).toBe(2);
  });
});
