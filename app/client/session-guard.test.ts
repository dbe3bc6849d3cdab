import { describe, expect, it } from 'vitest';
import { isSessionLost, loginUrl } from './session-guard';

const answering = (status: number) => (async () => new Response(null, { status })) as typeof fetch;

describe('loginUrl', () => {
  it('comes back to the page after signing in', () => {
    expect(loginUrl({ pathname: '/', search: '' })).toBe('/login');
    expect(loginUrl({ pathname: '/', search: '?series=a' })).toBe('/login?next=%2F%3Fseries%3Da');
  });
});

describe('isSessionLost', () => {
  it('is true only when the server answers 401', async () => {
    expect(await isSessionLost(answering(401))).toBe(true);
    expect(await isSessionLost(answering(200))).toBe(false);
    // Access control off: the endpoint does not exist; keep retrying.
    expect(await isSessionLost(answering(404))).toBe(false);
  });

  it('is false when the server cannot be reached (a network drop, not a logout)', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await isSessionLost(failing)).toBe(false);
  });
});
