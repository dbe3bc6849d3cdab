import { describe, expect, it } from 'vitest';
import { groupUnplaced, unplacedGroupOf } from './unplaced-groups';

describe('unplacedGroupOf', () => {
  it('groups by the first label when the key has labels, else by the name prefix', () => {
    expect(unplacedGroupOf('http_requests{method="GET",instance="a"}')).toBe('instance="a"');
    expect(unplacedGroupOf('host.cpu')).toBe('host');
    expect(unplacedGroupOf('host.net.rx')).toBe('host');
    expect(unplacedGroupOf('uptime')).toBe('uptime');
    expect(unplacedGroupOf('.odd')).toBe('.odd');
  });
});

describe('groupUnplaced', () => {
  it('lists the groups by name, each in the order given', () => {
    const series = ['server.rss', 'host.cpu', 'app{job="x"}', 'host.load1'].map((name) => ({
      name,
    }));
    expect(groupUnplaced(series)).toEqual([
      { name: 'host', series: [{ name: 'host.cpu' }, { name: 'host.load1' }] },
      { name: 'job="x"', series: [{ name: 'app{job="x"}' }] },
      { name: 'server', series: [{ name: 'server.rss' }] },
    ]);
  });
});
