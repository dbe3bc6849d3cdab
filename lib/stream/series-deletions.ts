import type { StoredSample } from '@/lib/store/metric-store';

/** A deleted series, and the highest sample seq assigned when the deletion committed. */
export type Deletion = { name: string; seq: number };

/**
 * The deletions the hub has been told of and has not announced yet. A deletion at seq D is
 * announced (`event: series-deleted`) on every stream after every row with a seq up to D and
 * before any row after it, so a client whose cursor is past D has heard of it: the store sends
 * a snapshot to any cursor at or below D (MetricStore.replay), never a replay.
 */
export class PendingDeletions {
  #pending: Deletion[] = [];

  add(deletion: Deletion): void {
    this.#pending.push(deletion);
    this.#pending.sort((a, b) => a.seq - b.seq);
  }

  get size(): number {
    return this.#pending.length;
  }

  /** The deletions known now, by seq: a read starting now covers every row up to each. */
  due(): Deletion[] {
    return [...this.#pending];
  }

  /**
   * Cuts `rows` (a batch in seq order) around the `due` deletions: each segment of rows is
   * passed to `fanOut`, and each deletion whose seq the rows pass to `announce` right after the
   * rows up to it. With `caughtUp` (the read found every committed row), the due deletions the
   * rows never passed are announced after the last segment. Returns the deletions left due.
   */
  splitAround(
    rows: readonly StoredSample[],
    due: readonly Deletion[],
    caughtUp: boolean,
    fanOut: (segment: readonly StoredSample[]) => void,
    announce: (deletion: Deletion) => void,
  ): Deletion[] {
    let start = 0;
    let left = [...due];
    while (left.length > 0) {
      const next = left[0] as Deletion;
      let end = start;
      while (end < rows.length && (rows[end] as StoredSample).seq <= next.seq) end++;
      if (end === rows.length && !caughtUp) break;
      if (end > start) fanOut(rows.slice(start, end));
      start = end;
      this.#announce(next, announce);
      left = left.slice(1);
    }
    if (start < rows.length) fanOut(start === 0 ? rows : rows.slice(start));
    return left;
  }

  #announce(deletion: Deletion, announce: (deletion: Deletion) => void): void {
    this.#pending = this.#pending.filter((d) => d !== deletion);
    announce(deletion);
  }
}
