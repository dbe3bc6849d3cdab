import { AppError } from '@/lib/errors';
import type { Route, RouteContext } from '@/lib/http/route';
import { INGEST_BODY_MAX_BYTES } from '@/lib/protocol';
import type { IngestRouteDeps } from './ingest-route';
import { LineProtocolError, parseLineProtocol } from './line-protocol';
import { parsePrecision, samplesOfLines } from './line-samples';

/** InfluxDB v2's write endpoint (Telegraf `outputs.influxdb_v2`). */
export const WRITE_V2_PATH = '/api/v2/write';
/** InfluxDB v1's write endpoint (v1 clients, Telegraf `outputs.influxdb`). */
export const WRITE_V1_PATH = '/write';
/**
 * Media types a line-protocol body may be sent as: InfluxDB clients and Telegraf send
 * `text/plain; charset=utf-8`; `curl --data-binary` sends `application/x-www-form-urlencoded`.
 */
export const LINE_MEDIA_TYPES: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
];

export type WriteRouteDeps = IngestRouteDeps;

/**
 * `POST /api/v2/write?precision=ns|us|ms|s` and `POST /write?precision=` (docs/ingest.md): the
 * InfluxDB line protocol, plain or gzip, at most INGEST_BODY_MAX_BYTES decompressed. Every
 * numeric field of every line is stored in one transaction and the answer is `204`; a bad line
 * refuses the whole write with `400` naming it (nothing stored). Other query parameters of
 * InfluxDB (`org`, `bucket`, `db`, `rp`, `u`, `p`) are accepted and not used.
 */
export function writeRoutes(deps: WriteRouteDeps): Route[] {
  const route = (path: string): Route => ({
    methods: ['POST'],
    path,
    auth: { bearer: deps.ingestToken, orSession: true, schemes: ['Token', 'Bearer'] },
    rateLimit: deps.rateLimit,
    bodyMaxBytes: INGEST_BODY_MAX_BYTES,
    bodyTypes: LINE_MEDIA_TYPES,
    bodyGzip: true,
    otherMethods: 'not_allowed',
    handler: (ctx) => write(ctx, deps),
  });
  return [route(WRITE_V2_PATH), route(WRITE_V1_PATH)];
}

async function write({ res, url, body }: RouteContext, deps: WriteRouteDeps): Promise<void> {
  const tally = deps.tally;
  let read = 0;
  try {
    const precision = parsePrecision(url.searchParams.getAll('precision'));
    const lines = parseLines(body?.text ?? '');
    const { samples, stringFields } = samplesOfLines(lines, precision, deps.timeWindow, Date.now());
    read = samples.length;
    if (samples.length > 0) await deps.store.append(samples);
    tally?.accept('line', samples.length);
    tally?.refuse('line', stringFields);
  } catch (error) {
    tally?.refuseRequest('line');
    tally?.refuse('line', read);
    throw error;
  }
  // Committed: only now may the client hear 204.
  res.writeHead(204).end();
}

function parseLines(text: string) {
  try {
    return parseLineProtocol(text);
  } catch (error) {
    if (error instanceof LineProtocolError) throw new AppError('validation_failed', error.message);
    throw error;
  }
}
