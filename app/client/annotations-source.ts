import {
  ANNOTATIONS_PATH,
  ANNOTATIONS_READ_MAX,
  type Annotation,
  type AnnotationList,
  StreamEvent,
} from '@/lib/protocol';

/** How far back the page reads annotations, in milliseconds (30 days: past ranges included). */
export const ANNOTATIONS_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * How often the page reads the list again, in milliseconds (5 minutes): only a fallback, since
 * new annotations arrive on the stream (`event: annotation`) and the list is read again
 * whenever the stream comes back; this catches one a cluster instance could not relay.
 */
export const ANNOTATIONS_FALLBACK_REFRESH_MS = 300_000;

/** The annotations of one board, as the charts read them (on each draw) and follow them. */
export type AnnotationsSource = {
  get(): readonly Annotation[];
  /** Calls `listener` after each change; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
};

/** An empty source (charts outside a board). */
export const NO_ANNOTATIONS: AnnotationsSource = { get: () => [], subscribe: () => () => {} };

/**
 * A source fed by `add` (a list read, or one annotation from the stream) for one board: what
 * it holds is {@link mergeAnnotations} of all it was given for that board, so a list read that
 * started before an event arrived never takes the event's marker away. An `add` for another
 * board starts over (the page moved to it); the charts keep the one source.
 */
export function annotationsSource(): AnnotationsSource & {
  add(list: readonly Annotation[], board: string): void;
} {
  let current: readonly Annotation[] = [];
  let shown: string | undefined;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    add(list, board) {
      const base = board === shown ? current : [];
      shown = board;
      const next = mergeAnnotations(base, list, board);
      if (next === current) return;
      current = next;
      for (const listener of listeners) listener();
    },
  };
}

/**
 * `current` with those of `incoming` that belong on `board` (its own and the global ones, as
 * `GET /api/annotations?board=` answers) and are not held yet (by id), by time then id, the
 * newest ANNOTATIONS_READ_MAX. `current` itself when nothing is new.
 */
export function mergeAnnotations(
  current: readonly Annotation[],
  incoming: readonly Annotation[],
  board: string,
): readonly Annotation[] {
  const held = new Set(current.map((a) => a.id));
  const added = incoming.filter((a) => !held.has(a.id) && (a.board === null || a.board === board));
  if (added.length === 0) return current;
  const merged = [...current, ...added].sort((a, b) => a.ts - b.ts || a.id - b.id);
  return merged.slice(Math.max(0, merged.length - ANNOTATIONS_READ_MAX));
}

/** The annotation an `event: annotation` carries, or undefined when the data is not one. */
export function parseAnnotationEvent(data: string): Annotation | undefined {
  try {
    const a = JSON.parse(data) as Partial<Annotation> | null;
    const valid =
      typeof a?.id === 'number' &&
      typeof a.ts === 'number' &&
      typeof a.text === 'string' &&
      (a.board === null || typeof a.board === 'string');
    return valid ? (a as Annotation) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Adds each annotation the stream sends (`event: annotation`, in every tab: the leader relays
 * named events) to `source` for `board`; returns the function that stops it.
 */
export function followAnnotations(
  subscribeEvent: (name: string, listener: (data: string) => void) => () => void,
  source: ReturnType<typeof annotationsSource>,
  board: string,
): () => void {
  return subscribeEvent(StreamEvent.Annotation, (data) => {
    const annotation = parseAnnotationEvent(data);
    if (annotation) source.add([annotation], board);
  });
}

/** `GET /api/annotations` of `board` (its own and the global ones) around `nowMs`. */
export async function fetchAnnotations(board: string, nowMs: number): Promise<Annotation[]> {
  const query = new URLSearchParams({
    from: String(Math.max(0, nowMs - ANNOTATIONS_LOOKBACK_MS)),
    to: String(nowMs + ANNOTATIONS_FALLBACK_REFRESH_MS),
    board,
  });
  const response = await fetch(`${ANNOTATIONS_PATH}?${query}`, { cache: 'no-store' });
  if (!response.ok) return [];
  return ((await response.json()) as AnnotationList).annotations;
}
