import { describe, expect, it } from 'vitest';
import type { Route } from './route';
import { RouteTable } from './route-table';

const route = (path: string, methods: string[] = ['GET']): Route => ({
  methods,
  path,
  auth: 'public',
  handler: () => {},
});

describe('RouteTable', () => {
  const exact = route('/api/series');
  const one = route('/api/series/:name', ['DELETE']);
  const layout = route('/api/layout');
  const table = new RouteTable([exact, one, layout]);

  it('matches exact paths exactly, with no parameters', () => {
    expect(table.match('/api/series')).toEqual({ routes: [exact], params: {} });
    expect(table.match('/api/layout')).toEqual({ routes: [layout], params: {} });
    expect(table.match('/api/layout/')).toBeUndefined();
    expect(table.match('/api/layou')).toBeUndefined();
    expect(table.match('/API/layout')).toBeUndefined();
  });

  it('matches one non-empty segment after a parameter route prefix, percent-decoded', () => {
    expect(table.match('/api/series/host.cpu')).toEqual({
      routes: [one],
      params: { name: 'host.cpu' },
    });
    expect(table.match('/api/series/a%3Ab%2Fc')?.params).toEqual({ name: 'a:b/c' });
    expect(table.match('/api/series/')).toBeUndefined();
    expect(table.match('/api/series/a/b')).toBeUndefined();
    expect(table.match('/api/seriesx')).toBeUndefined();
  });

  it('marks a segment that is not valid percent-encoding as malformed', () => {
    expect(table.match('/api/series/%E0%A4%A')).toEqual({
      routes: [one],
      params: {},
      malformed: true,
    });
  });

  it('prefers an exact path over a parameter route that would also match it', () => {
    const special = route('/api/series/special');
    expect(new RouteTable([one, special]).match('/api/series/special')?.routes).toEqual([special]);
  });

  it('groups every route under one prefix, and refuses two names for its parameter', () => {
    const get = route('/api/series/:name', ['GET']);
    expect(new RouteTable([one, get]).match('/api/series/x')?.routes).toEqual([one, get]);
    expect(() => new RouteTable([one, route('/api/series/:id')])).toThrow(TypeError);
  });

  it('matches a parameter segment followed by literal segments, and keeps the two apart', () => {
    const board = route('/api/boards/:slug', ['DELETE']);
    const boardLayout = route('/api/boards/:slug/layout', ['GET', 'PUT']);
    const boards = new RouteTable([board, boardLayout]);
    expect(boards.match('/api/boards/web/layout')).toEqual({
      routes: [boardLayout],
      params: { slug: 'web' },
    });
    expect(boards.match('/api/boards/web')).toEqual({ routes: [board], params: { slug: 'web' } });
    expect(boards.match('/api/boards//layout')).toBeUndefined();
    expect(boards.match('/api/boards/a/b/layout')).toBeUndefined();
    expect(boards.match('/api/boards/web/layouts')).toBeUndefined();
    expect(boards.match('/api/boards/web/layout/')).toBeUndefined();
  });
});
