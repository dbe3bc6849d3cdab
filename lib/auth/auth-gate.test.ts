import { describe, expect, it } from 'vitest';
import { resolvedPath } from '@/lib/http/path-of';
import { fallbackAuthOf, loginRedirect } from './auth-gate';

describe('fallbackAuthOf', () => {
  it.each([
    ['/api/health', 'public'],
    ['/login', 'public'],
    ['/login?error=1', 'public'],
    ['/favicon.ico', 'public'],
    ['/metrics', 'public'],
    ['/_next/static/chunks/app.js', 'public'],
    ['/api/metrics', { bearer: 'tok', orSession: true }],
    ['/api/stream', 'session'],
    ['/api/stream?series=a', 'session'],
    ['/api/login', 'session'],
    ['/api', 'session'],
    ['/', 'page'],
    ['/dashboard', 'page'],
    ['/_next/image?url=x', 'page'],
    ['/_next/static/../../api/stream', 'session'],
    ['/_next/static/%2e%2e/%2e%2e/api/stream', 'session'],
    ['//x/api/health', 'page'],
    ['/loginx', 'page'],
  ] as const)('%s is %j', (url, auth) => {
    expect(fallbackAuthOf(resolvedPath(url), 'tok')).toEqual(auth);
  });
});

describe('loginRedirect', () => {
  it('brings the user back to the page asked for', () => {
    expect(loginRedirect('/')).toBe('/login');
    expect(loginRedirect('/x?y=1')).toBe('/login?next=%2Fx%3Fy%3D1');
  });
});
