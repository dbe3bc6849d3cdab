import { ANNOTATIONS_PATH, type Annotation, type AnnotationList } from '@/lib/protocol';

/** How far back the page reads annotations, in milliseconds (30 days: past ranges included). */
export const ANNOTATIONS_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;
/** How often the page reads them again, in milliseconds (30 s): a deploy mark shows within it. */
export const ANNOTATIONS_REFRESH_MS = 30_000;

/** The annotations of one board, as the charts read them (on each draw) and follow them. */
export type AnnotationsSource = {
  get(): readonly Annotation[];
  /** Calls `listener` after each change; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
};

/** An empty source (charts outside a board). */
export const NO_ANNOTATIONS: AnnotationsSource = { get: () => [], subscribe: () => () => {} };

/** A source holding `list`, told of changes by `set` (what the page's hook feeds). */
export function annotationsSource(): AnnotationsSource & { set(list: Annotation[]): void } {
  let current: readonly Annotation[] = [];
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(list) {
      current = list;
      for (const listener of listeners) listener();
    },
  };
}

/** `GET /api/annotations` of `board` (its own and the global ones) around `nowMs`. */
export async function fetchAnnotations(board: string, nowMs: number): Promise<Annotation[]> {
  const query = new URLSearchParams({
    from: String(Math.max(0, nowMs - ANNOTATIONS_LOOKBACK_MS)),
    to: String(nowMs + ANNOTATIONS_REFRESH_MS),
    board,
  });
  const response = await fetch(`${ANNOTATIONS_PATH}?${query}`, { cache: 'no-store' });
  if (!response.ok) return [];
  return ((await response.json()) as AnnotationList).annotations;
}
