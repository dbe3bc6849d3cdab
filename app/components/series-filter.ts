import type { SeriesInfo } from '@/lib/protocol';

/** Most rows the series picker renders at once (refine the search to see others). Default 50. */
export const PICKER_MAX_ROWS = 50;

/** The rows to show for a search, and how many series match in all. */
export type SeriesMatches = { rows: SeriesInfo[]; total: number };

/**
 * The series whose name contains `query` (case-insensitive; every series for an empty query),
 * best first: the exact name, then names starting with the query, then the rest, each in the
 * order given. At most `max` rows; `total` counts every match.
 */
export function filterSeries(
  series: readonly SeriesInfo[],
  query: string,
  max: number = PICKER_MAX_ROWS,
): SeriesMatches {
  const q = query.trim().toLowerCase();
  const exact: SeriesInfo[] = [];
  const prefix: SeriesInfo[] = [];
  const inside: SeriesInfo[] = [];
  let total = 0;
  for (const s of series) {
    const name = s.name.toLowerCase();
    const at = q === '' ? 0 : name.indexOf(q);
    if (at < 0) continue;
    total++;
    // An exact match (at most one per spelling case) always makes the cut.
    if (q !== '' && name === q) exact.push(s);
    else if (at === 0) {
      if (prefix.length < max) prefix.push(s);
    } else if (prefix.length + inside.length < max) inside.push(s);
  }
  return { rows: [...exact, ...prefix, ...inside].slice(0, max), total };
}

/**
 * The known series plus those a server search found (the known ones win; a found one the page
 * had not heard of is added), without duplicates.
 */
export function mergeSeries(
  known: readonly SeriesInfo[],
  found: readonly SeriesInfo[] | undefined,
): readonly SeriesInfo[] {
  if (!found || found.length === 0) return known;
  const names = new Set(known.map((s) => s.name));
  const extra = found.filter((s) => !names.has(s.name));
  return extra.length === 0 ? known : [...known, ...extra];
}
