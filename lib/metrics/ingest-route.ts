import { sendJson } from '@/lib/http/http-response';
import type { RateLimiter } from '@/lib/http/ip-rate-limit';
import { parseJsonText } from '@/lib/http/request-body';
import type { Route } from '@/lib/http/route';
import { INGEST_BODY_MAX_BYTES, type SampleTimeWindow } from '@/lib/protocol';
import type { MetricStore } from '@/lib/store/metric-store';
import { parseIngestBody } from './ingest-schema';
import type { IngestTally } from './ingest-tally';

/** The ingest path. */
export const INGEST_PATH = '/api/metrics';

/**
 * What every ingest route (JSON, the line protocol, OTLP) is given: one store, one time window,
 * one token, one rate-limit bucket and one tally shared by all of them (server.ts).
 */
export type IngestRouteDeps = {
  store: Pick<MetricStore, 'append'>;
  /** The sample timestamps accepted (INGEST_MAX_FUTURE_MS, RETENTION_RAW_HOURS). */
  timeWindow: SampleTimeWindow;
  /**
   * INGEST_TOKEN: scripts send it as a bearer token (the line protocol also as `Token`); with
   * access control on, a session works too.
   */
  ingestToken: string | undefined;
  /** Ingest requests per address per minute (RATE_LIMIT_INGEST_PER_MIN), one bucket for all. */
  rateLimit?: RateLimiter | undefined;
  /** Samples accepted and refused per protocol, for `/metrics`. */
  tally?: IngestTally | undefined;
};

/**
 * `POST /api/metrics`: validates the whole body, then stores every sample in one transaction.
 * The router has checked the token or session, the content type and the size, and read the
 * body (REQUEST_BODY_TIMEOUT_MS; `503 shutting_down` when the shutdown's drain time runs out
 * first, nothing stored). A sample whose `ts` lies outside `timeWindow` gets `400 bad_timestamp`
 * (the whole request is refused).
 *
 * Durability: `store.append` commits the whole batch in one transaction and settles only after
 * the commit (synchronous = FULL, see docs/durability.md); the 200 is written after it.
 */
export function ingestRoutes(deps: IngestRouteDeps): Route[] {
  return [
    {
      methods: ['POST'],
      path: INGEST_PATH,
      auth: { bearer: deps.ingestToken, orSession: true },
      rateLimit: deps.rateLimit,
      bodyMaxBytes: INGEST_BODY_MAX_BYTES,
      otherMethods: 'not_allowed',
      handler: async ({ res, body }) => {
        let json: unknown;
        try {
          json = parseJsonText(body?.text ?? '');
          const samples = parseIngestBody(json, deps.timeWindow);
          const result = await deps.store.append(samples);
          deps.tally?.accept('json', samples.length);
          // Committed: only now may the client hear 200.
          sendJson(res, 200, result);
        } catch (error) {
          deps.tally?.refuseRequest('json');
          deps.tally?.refuse('json', samplesIn(json));
          throw error;
        }
      },
    },
  ];
}

/** How many samples a refused body held, as far as it can be read (0 when it is not JSON). */
function samplesIn(json: unknown): number {
  const samples = (json as { samples?: unknown } | null | undefined)?.samples;
  return Array.isArray(samples) ? samples.length : 0;
}
