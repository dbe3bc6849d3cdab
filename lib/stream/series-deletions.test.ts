import { describe, expect, it } from 'vitest';
import type { SeriesDeletionRecord, StoredSample } from '@/lib/store/metric-store';
import { splitAroundDeletions } from './series-deletions';

const rows = (...seqs: number[]): StoredSample[] =>
  seqs.map((seq) => ({ seq, series: 's', ts: seq, value: seq, unit: null }));
const deletion = (id: number, seq: number): SeriesDeletionRecord => ({ id, name: `d${id}`, seq });

/** What goes out, in order: `[seqs]` for a segment, `-dN` for an announcement. */
function split(batch: StoredSample[], deletions: SeriesDeletionRecord[]): string[] {
  const out: string[] = [];
  splitAroundDeletions(
    batch,
    deletions,
    (segment) => out.push(`[${segment.map((r) => r.seq).join(',')}]`),
    (d) => out.push(`-${d.name}`),
  );
  return out;
}

describe('splitAroundDeletions', () => {
  it('sends the rows up to each deletion first, then it, then the later rows', () => {
    expect(split(rows(1, 2, 3, 5), [deletion(1, 2), deletion(2, 4)])).toEqual([
      '[1,2]',
      '-d1',
      '[3]',
      '-d2',
      '[5]',
    ]);
  });

  it('announces a deletion past the batch after it, and one before the batch first', () => {
    expect(split(rows(4, 5), [deletion(1, 3), deletion(2, 9)])).toEqual(['-d1', '[4,5]', '-d2']);
    expect(split([], [deletion(1, 3)])).toEqual(['-d1']);
    expect(split(rows(1, 2), [])).toEqual(['[1,2]']);
  });

  it('announces two deletions at one seq together', () => {
    expect(split(rows(1, 2, 3), [deletion(1, 2), deletion(2, 2)])).toEqual([
      '[1,2]',
      '-d1',
      '-d2',
      '[3]',
    ]);
  });
});
