import { describe, expect, it } from 'vitest';
import { type Annotation, StreamEvent } from '@/lib/protocol';
import { instanceClusterOfFile } from './helpers/file-instance-cluster';
import { getJson } from './helpers/http-api';
import { openSse, type SseItem } from './helpers/sse-client';

/**
 * Longest wait for an event made on another instance, in milliseconds: it only bounds a broken
 * build (NOTIFY arrives in milliseconds); times are never asserted (a loaded machine).
 */
const CROSS_WAIT_MS = 20_000;

/**
 * `event: annotation` across three instances over one PostgreSQL (issue 16 item 5, issue 12):
 * an annotation stored on one instance is hinted by id (`a:<id>`), read from the database by
 * the others and sent to their streams, once each.
 */
const cluster = instanceClusterOfFile({ idPrefix: 'note' });

const url = (i: number) => cluster().instances[i]?.url ?? '';
const isAnnotation = (item: SseItem) => item.event === StreamEvent.Annotation;

describe('annotations across three instances over one PostgreSQL', () => {
  it('sends an annotation posted on instance 1 to the streams of every instance, once each', async () => {
    const streams = await Promise.all([0, 1, 2].map((i) => openSse(`${url(i)}/api/stream`)));
    await Promise.all(streams.map((s) => s.nextEvent('snapshot')));

    const response = await fetch(`${url(0)}/api/annotations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'deploy v1.4', board: 'web' }),
    });
    expect(response.status).toBe(201);
    const posted = (await response.json()) as Annotation;

    for (const stream of streams) {
      const item = await stream.next(isAnnotation, CROSS_WAIT_MS);
      expect(item.id).toBeUndefined();
      expect(JSON.parse(item.data ?? 'null')).toEqual(posted);
    }
    const read = await getJson(
      `${url(2)}/api/annotations?from=${posted.ts}&to=${posted.ts}&board=web`,
    );
    expect(read.body).toEqual({ annotations: [posted] });

    // A second one marks the end: nothing of the first was sent twice before it.
    const marker = await fetch(`${url(1)}/api/annotations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'marker' }),
    });
    const end = ((await marker.json()) as Annotation).id;
    for (const stream of streams) {
      await stream.next(
        (i) => isAnnotation(i) && (JSON.parse(i.data ?? 'null') as Annotation).id === end,
        CROSS_WAIT_MS,
      );
      const ids = stream.log.items
        .filter(isAnnotation)
        .map((i) => (JSON.parse(i.data ?? 'null') as Annotation).id);
      expect(ids).toEqual([posted.id, end]);
    }
  });
});
