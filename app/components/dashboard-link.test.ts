import { describe, expect, it } from 'vitest';
import {
  type DashboardView,
  dashboardHref,
  describeRange,
  parseDashboardLink,
  splitDashboardLinks,
  viewFromSearch,
} from './dashboard-link';

describe('parseDashboardLink', () => {
  it.each([
    ['/?range=1h&widget=w-cpu', { range: '1h', widget: 'w-cpu' }],
    ['/?range=7d', { range: '7d' }],
    ['/?widget=d-host.cpu&range=5m', { range: '5m', widget: 'd-host.cpu' }],
    ['/?from=1000&to=2000&widget=w1', { from: 1000, to: 2000, widget: 'w1' }],
  ])('accepts %s', (link, view) => {
    expect(parseDashboardLink(link)).toEqual(view);
  });

  it.each([
    'javascript:alert(1)',
    'javascript:/?range=1h',
    '//evil.com/?range=1h',
    '/\\evil.com?range=1h',
    'https://evil.com/?range=1h',
    '/?range=<script>',
    '/?range=1h<script>alert(1)</script>',
    '/?range=1h&evil=1',
    '/?range=1h&range=5m',
    '/?range=1h&from=1&to=2',
    '/?range=2h',
    '/?range=',
    '/?',
    '/',
    '/login?range=1h',
    '/?range=1h#x',
    '/?range=1h&widget=a%20b',
    '/?range=1h&widget=',
    '/?widget=w1',
    '/?from=2000&to=1000',
    '/?from=1000',
    '/?from=-1&to=5',
    '/?from=1e3&to=2e3',
    `/?range=1h&widget=${'a'.repeat(161)}`,
    '/?range=1h&widget="onmouseover=alert(1)',
    ' /?range=1h',
  ])('refuses %s', (link) => {
    expect(parseDashboardLink(link)).toBeNull();
  });
});

describe('splitDashboardLinks', () => {
  it('turns only valid dashboard links into link parts, with their canonical href', () => {
    expect(splitDashboardLinks('📈 cpu (last 1h): /?widget=w1&range=1h see')).toEqual([
      { text: '📈 cpu (last 1h): ' },
      { text: '/?widget=w1&range=1h', href: '/?range=1h&widget=w1' },
      { text: ' see' },
    ]);
  });

  it('keeps hostile text literal', () => {
    const text = 'go javascript:alert(1) //evil.com /?range=<b>x</b> /?range=1h&x=1';
    expect(splitDashboardLinks(text)).toEqual([{ text }]);
  });
});

describe('dashboardHref and viewFromSearch', () => {
  it('round-trip a view', () => {
    const href = dashboardHref({ from: 1, to: 2, widget: 'w' });
    expect(href).toBe('/?from=1&to=2&widget=w');
    expect(viewFromSearch(href.slice(1))).toEqual({ from: 1, to: 2, widget: 'w' });
  });

  it('defaults to 5m and drops invalid parts', () => {
    expect(viewFromSearch('')).toEqual({ range: '5m' });
    expect(viewFromSearch('?range=9y&widget=<x>')).toEqual({ range: '5m' });
    expect(viewFromSearch('?range=1h&widget=w-1')).toEqual({ range: '1h', widget: 'w-1' });
  });

  it('describes ranges', () => {
    expect(describeRange({ range: '1h' })).toBe('last 1h');
    expect(describeRange({ from: 0, to: 1000 })).toBe(
      '1970-01-01T00:00:00.000Z to 1970-01-01T00:00:01.000Z',
    );
  });
});

describe('links to a board', () => {
  it('parses /b/<slug>? links and writes them back', () => {
    const view = parseDashboardLink('/b/payments-api?range=1h&widget=w-cpu');
    expect(view).toEqual({ range: '1h', widget: 'w-cpu', board: 'payments-api' });
    expect(dashboardHref(view as DashboardView)).toBe('/b/payments-api?range=1h&widget=w-cpu');
  });

  it('takes /b/default? as the default board, and refuses bad slugs and other paths', () => {
    expect(parseDashboardLink('/b/default?range=5m')).toEqual({ range: '5m' });
    for (const text of [
      '/b/Bad?range=1h',
      '/b/a--b?range=1h',
      '/b/?range=1h',
      '/b/x/y?range=1h',
      '/bx/a?range=1h',
    ]) {
      expect(parseDashboardLink(text)).toBeNull();
    }
  });

  it('finds board links in a message', () => {
    expect(splitDashboardLinks('see /b/db?range=6h now')).toEqual([
      { text: 'see ' },
      { text: '/b/db?range=6h', href: '/b/db?range=6h' },
      { text: ' now' },
    ]);
  });
});
