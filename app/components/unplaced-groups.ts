import { parseSeriesKey, type SeriesInfo } from '@/lib/protocol';

/** One group of the "Unplaced series" drawer. */
export type UnplacedGroup = { name: string; series: SeriesInfo[] };

/**
 * The group a series is listed under in the drawer: its first label (`instance="a"`, labels
 * sorted by name) when its key has labels, else its name's prefix before the first dot (`host`
 * for `host.cpu`), else its whole name.
 */
export function unplacedGroupOf(key: string): string {
  const parsed = parseSeriesKey(key);
  if (!('problem' in parsed)) {
    const first = Object.entries(parsed.labels).sort(([a], [b]) => (a < b ? -1 : 1))[0];
    if (first) return `${first[0]}="${first[1]}"`;
  }
  const name = 'problem' in parsed ? key : parsed.metric;
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** `series` in groups (unplacedGroupOf), the groups by name, each keeping the order given. */
export function groupUnplaced(series: readonly SeriesInfo[]): UnplacedGroup[] {
  const groups = new Map<string, SeriesInfo[]>();
  for (const s of series) {
    const name = unplacedGroupOf(s.name);
    const list = groups.get(name);
    if (list) list.push(s);
    else groups.set(name, [s]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, list]) => ({ name, series: list }));
}
