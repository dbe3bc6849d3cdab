import { describe, expect, it, vi } from 'vitest';
import { ANNOTATIONS_READ_MAX, type Annotation } from '@/lib/protocol';
import { annotationsSource, mergeAnnotations, parseAnnotationEvent } from './annotations-source';

const mark = (id: number, ts: number, board: string | null = null): Annotation => ({
  id,
  ts,
  text: `mark ${id}`,
  board,
});

describe('mergeAnnotations', () => {
  it("adds the board's own and the global ones, by time then id, each id once", () => {
    const current = [mark(1, 100), mark(3, 300, 'web')];
    const merged = mergeAnnotations(
      current,
      [mark(2, 300), mark(4, 200, 'db'), mark(3, 300, 'web'), mark(5, 50, 'web')],
      'web',
    );
    expect(merged.map((a) => a.id)).toEqual([5, 1, 2, 3]);
  });

  it('answers the same list when nothing is new (no redraw)', () => {
    const current = [mark(1, 100)];
    expect(mergeAnnotations(current, [mark(1, 100), mark(2, 5, 'db')], 'web')).toBe(current);
  });

  it('keeps the newest ANNOTATIONS_READ_MAX, as the GET does', () => {
    const full = Array.from({ length: ANNOTATIONS_READ_MAX }, (_, i) => mark(i + 1, i + 1));
    expect(mergeAnnotations([], full, 'web')).toHaveLength(ANNOTATIONS_READ_MAX);
    const merged = mergeAnnotations(full, [mark(ANNOTATIONS_READ_MAX + 1, 1e9)], 'web');
    expect(merged).toHaveLength(ANNOTATIONS_READ_MAX);
    expect(merged[0]?.id).toBe(2);
    expect(merged.at(-1)?.id).toBe(ANNOTATIONS_READ_MAX + 1);
  });
});

describe('annotationsSource', () => {
  it('keeps a marker from the stream when a list read that started before it lands', () => {
    const source = annotationsSource();
    const changed = vi.fn();
    source.subscribe(changed);
    source.add([mark(9, 900)], 'web'); // event: annotation
    source.add([mark(1, 100)], 'web'); // the older list read
    expect(source.get().map((a) => a.id)).toEqual([1, 9]);
    expect(changed).toHaveBeenCalledTimes(2);
    source.add([mark(9, 900)], 'web');
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('starts over for another board', () => {
    const source = annotationsSource();
    source.add([mark(1, 100, 'web')], 'web');
    source.add([mark(2, 200, 'db')], 'db');
    expect(source.get().map((a) => a.id)).toEqual([2]);
  });
});

describe('parseAnnotationEvent', () => {
  it.each([
    ['{"id":1,"ts":2,"text":"x","board":null}', mark(1, 2)],
    ['{"id":1,"ts":2,"text":"x","board":"web"}', { id: 1, ts: 2, text: 'x', board: 'web' }],
    ['{"id":"1","ts":2,"text":"x","board":null}', undefined],
    ['{"id":1,"ts":2,"text":"x"}', undefined],
    ['null', undefined],
    ['not json', undefined],
  ])('reads %s', (data, expected) => {
    const parsed = parseAnnotationEvent(data);
    expect(parsed && { ...parsed, text: 'x' }).toEqual(expected && { ...expected, text: 'x' });
  });
});
