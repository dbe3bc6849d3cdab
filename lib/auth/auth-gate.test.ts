import { describe, expect, it } from 'vitest';
import { classifyRequest, loginRedirect } from './auth-gate';

describe('classifyRequest', () => {
  it.each([
    ['POST', '/api/login', 'login'],
    ['POST', '/api/logout', 'logout'],
    ['GET', '/api/session', 'session'],
    ['GET', '/api/health', 'open'],
    ['GET', '/login', 'open'],
    ['GET', '/login?error=1', 'open'],
    ['GET', '/favicon.ico', 'open'],
    ['GET', '/metrics', 'open'],
    ['GET', '/_next/static/chunks/app.js', 'open'],
    ['POST', '/api/metrics', 'ingest'],
    ['GET', '/api/stream', 'api'],
    ['GET', '/api/stream?series=a', 'api'],
    ['GET', '/api/login', 'api'],
    ['GET', '/api', 'api'],
    ['GET', '/', 'page'],
    ['GET', '/dashboard', 'page'],
    ['GET', '/_next/image?url=x', 'page'],
    ['GET', '/_next/static/../../api/stream', 'api'],
    ['GET', '/_next/static/%2e%2e/%2e%2e/api/stream', 'api'],
    ['GET', '//x/api/health', 'page'],
    ['GET', '/loginx', 'page'],
  ] as const)('%s %s is %s', (method, url, route) => {
    expect(classifyRequest(method, url)).toBe(route);
  });
});

describe('loginRedirect', () => {
  it('brings the user back to the page asked for', () => {
    expect(loginRedirect('/')).toBe('/login');
    expect(loginRedirect('/x?y=1')).toBe('/login?next=%2Fx%3Fy%3D1');
  });
});
