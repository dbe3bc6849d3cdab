import type { Env } from '@/lib/env';
import type { PulseboardHooks } from '@/lib/hooks/hook-types';
import type { Route } from '@/lib/http/route';
import { DEFAULT_BOARD, type Layout } from '@/lib/protocol';
import type { MetricStore } from '@/lib/store/metric-store';
import type { Stores } from '@/lib/store/stores';
import type { AlertChat } from './alert-chat';
import { alertCommands } from './alert-commands';
import { AlertEngine } from './alert-engine';
import { alertNotifier } from './alert-notifier';
import { alertRoutes } from './alert-routes';
import {
  AnnotationBroadcast,
  type AnnotationBroadcaster,
  announcingAnnotations,
  relayClusterAnnotations,
} from './annotation-broadcast';
import { annotationRoutes } from './annotation-routes';
import { WebhookQueue } from './webhook-queue';

/** When each of `series` last had a stored sample since `sinceMs` (its newest point's time). */
async function lastStoredSamples(
  metrics: MetricStore,
  series: readonly string[],
  sinceMs: number,
): Promise<Map<string, number>> {
  const read = await metrics.snapshot({
    sinceTs: sinceMs,
    upToSeq: await metrics.lastSeq(),
    series,
    maxSeries: series.length,
    maxPointsPerSeries: 1,
    maxPoints: series.length,
  });
  const last = new Map<string, number>();
  for (const s of read.series) {
    const point = s.points.at(-1);
    if (point) last.set(s.name, point[0]);
  }
  return last;
}

/** What server.ts composes alerts from. */
export type AlertsDeps = {
  env: Pick<
    Env,
    'ALERT_WEBHOOKS' | 'ALERT_LINK_BASE_URL' | 'ALERT_NOTIFY_MIN_INTERVAL_MS' | 'INGEST_TOKEN'
  >;
  stores: Pick<Stores, 'alerts' | 'boards' | 'layout' | 'metrics' | 'cluster'>;
  /** Where alerts post in the chat: server.ts gives the chat hub's postSystem. */
  chat: AlertChat;
  /** Where every annotation stored (here or, on a cluster, on another instance) is sent. */
  streams: AnnotationBroadcaster;
};

/** The alerts, composed: the engine, its chat commands, its routes and its counters. */
export function createAlerts(deps: AlertsDeps) {
  const { env } = deps;
  const { chat } = deps;
  // Every annotation written through these stores reaches the streams once committed.
  const announce = new AnnotationBroadcast(deps.streams);
  const stores = {
    ...deps.stores,
    alerts: announcingAnnotations(deps.stores.alerts, (a) => announce.send(a)),
  };
  const stopRelay = relayClusterAnnotations({
    cluster: stores.cluster,
    store: stores.alerts,
    broadcast: announce,
  });
  const webhooks = new WebhookQueue();
  const chatStats = { delivered: 0, failed: 0 };
  const boardExists = async (slug: string) =>
    (await stores.boards.list()).some((b) => b.slug === slug);
  const engine = new AlertEngine({
    store: stores.alerts,
    minNotifyIntervalMs: env.ALERT_NOTIFY_MIN_INTERVAL_MS,
    lastSampleAt: (series, sinceMs) => lastStoredSamples(stores.metrics, series, sinceMs),
    notify: alertNotifier(
      {
        chat,
        store: stores.alerts,
        webhooks,
        targets: env.ALERT_WEBHOOKS,
        linkBaseUrl: env.ALERT_LINK_BASE_URL,
        boardExists,
        findWidget: async (board, series) => {
          const layout: Layout =
            board === undefined || board === DEFAULT_BOARD.slug
              ? await stores.layout.get()
              : await stores.boards.layout(board);
          return layout.widgets.find((w) => w.series === series || w.extraSeries?.includes(series))
            ?.id;
        },
      },
      chatStats,
    ),
  });
  const commands: PulseboardHooks = alertCommands(engine);
  const routes: Route[] = [
    ...alertRoutes({
      store: stores.alerts,
      engine,
      boardExists,
    }),
    ...annotationRoutes({ store: stores.alerts, ingestToken: env.INGEST_TOKEN }),
  ];
  return {
    engine,
    commands,
    routes,
    metrics: { webhooks: webhooks.stats, chat: chatStats },
    /** Stops the engine's timer and the webhook queue (what waits is dropped). */
    async stop(): Promise<void> {
      stopRelay();
      await engine.stop();
      webhooks.stop();
    },
  };
}
