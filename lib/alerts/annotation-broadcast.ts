import { errorFields, log } from '@/lib/logger';
import { type Annotation, StreamEvent } from '@/lib/protocol';
import type { AlertStore } from '@/lib/store/alert-store';
import type { ClusterStore } from '@/lib/store/cluster-store';

/**
 * Ids of the annotations most recently sent to the streams, at most (default 1024): an
 * annotation stored here is also hinted back to this instance (NOTIFY reaches every listener),
 * and an id still remembered is not sent a second time. Past it a repeat can go out; the page
 * keeps one marker per id anyway.
 */
export const ANNOTATION_SENT_IDS_MAX = 1024;

/** Where annotations are announced: every open SSE stream (the stream hub). */
export type AnnotationBroadcaster = {
  broadcast(eventName: string, payload: unknown): void;
};

/**
 * Sends each annotation once to every stream as `event: annotation` (no `id:`, so the
 * samples' Last-Event-ID is untouched), the JSON `GET /api/annotations` answers for it.
 */
export class AnnotationBroadcast {
  readonly #hub: AnnotationBroadcaster;
  readonly #sent = new Set<number>();

  constructor(hub: AnnotationBroadcaster) {
    this.#hub = hub;
  }

  /** Whether annotation `id` was sent recently (a hint for it needs no read). */
  sent(id: number): boolean {
    return this.#sent.has(id);
  }

  /** Sends `annotation` unless its id was sent recently. */
  send(annotation: Annotation): void {
    if (this.#sent.has(annotation.id)) return;
    this.#sent.add(annotation.id);
    // A Set iterates in insertion order: the first is the oldest.
    if (this.#sent.size > ANNOTATION_SENT_IDS_MAX) {
      this.#sent.delete(this.#sent.values().next().value as number);
    }
    const { id, ts, text, board } = annotation;
    this.#hub.broadcast(StreamEvent.Annotation, { id, ts, text, board });
  }
}

/**
 * `store` whose `addAnnotation` also calls `onAdded` with what was committed (every writer:
 * the route, the alert notifier, a pinned message through the route).
 */
export function announcingAnnotations(
  store: AlertStore,
  onAdded: (annotation: Annotation) => void,
): AlertStore {
  return {
    listRules: () => store.listRules(),
    createRule: (input) => store.createRule(input),
    updateRule: (id, input) => store.updateRule(id, input),
    deleteRule: (id) => store.deleteRule(id),
    listStates: () => store.listStates(),
    putState: (state, baseVersion) => store.putState(state, baseVersion),
    addAnnotation: async (input) => {
      const added = await store.addAnnotation(input);
      onAdded(added);
      return added;
    },
    getAnnotation: (id) => store.getAnnotation(id),
    listAnnotations: (query, limit) => store.listAnnotations(query, limit),
  };
}

/**
 * Sends the annotations other instances store to this instance's streams: on an `annotation`
 * hint (an id only) the annotation is read from the database and sent. Nothing on one process
 * (SQLite): the writers here announce their own. While the listener is away the heartbeat
 * hints the new ids (../store/postgres/pg-cluster-beat.ts). Returns the function that stops it.
 */
export function relayClusterAnnotations(deps: {
  cluster: ClusterStore;
  store: Pick<AlertStore, 'getAnnotation'>;
  broadcast: AnnotationBroadcast;
}): () => void {
  if (!deps.cluster.shared) return () => {};
  return deps.cluster.subscribe((hint) => {
    // Its own writes come back as hints, and the heartbeat hints every new id again.
    if (hint.kind !== 'annotation' || deps.broadcast.sent(hint.id)) return;
    void deps.store.getAnnotation(hint.id).then(
      (annotation) => {
        if (annotation) deps.broadcast.send(annotation);
      },
      (error: unknown) => log.warn('cluster annotation read failed', errorFields(error)),
    );
  });
}
