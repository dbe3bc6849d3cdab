import type { IncomingMessage } from 'node:http';
import { AppError } from '@/lib/errors';
import type { ErrorBodyWriter, Route, RouteContext } from '@/lib/http/route';
import { INGEST_BODY_MAX_BYTES } from '@/lib/protocol';
import type { IngestRouteDeps } from './ingest-route';
import {
  decodeOtlpRequest,
  encodeOtlpResponse,
  encodeOtlpStatus,
  OTLP_JSON_MEDIA_TYPE,
  OTLP_PROTOBUF_MEDIA_TYPE,
  OtlpDecodeError,
  type OtlpEncoding,
} from './otlp-codec';
import { samplesOfOtlp } from './otlp-samples';
import type { OtlpMetricsRequest } from './otlp-schema';
import { OtlpStreams } from './otlp-streams';

/** OTLP/HTTP's metrics path (the SDK exporters and the Collector append it to the endpoint). */
export const OTLP_METRICS_PATH = '/v1/metrics';

export type OtlpRouteDeps = IngestRouteDeps & {
  /** The rate and histogram state of cumulative streams (default: a new OtlpStreams). */
  streams?: OtlpStreams | undefined;
};

/**
 * `POST /v1/metrics` (docs/ingest.md#opentelemetry): an OTLP `ExportMetricsServiceRequest` in
 * protobuf or JSON, plain or gzip, at most INGEST_BODY_MAX_BYTES decompressed. The points that
 * can be stored are stored in one transaction; the answer is `200` with an
 * `ExportMetricsServiceResponse` in the request's encoding, with `partial_success` naming the
 * points refused. A body that cannot be decoded, and every refusal (401, 413, 415, 429, 503),
 * gets its status with a `google.rpc.Status` body in the request's encoding, as OTLP/HTTP asks.
 */
export function otlpRoutes(deps: OtlpRouteDeps): Route[] {
  const streams = deps.streams ?? new OtlpStreams();
  return [
    {
      methods: ['POST'],
      path: OTLP_METRICS_PATH,
      auth: { bearer: deps.ingestToken, orSession: true },
      rateLimit: deps.rateLimit,
      bodyMaxBytes: INGEST_BODY_MAX_BYTES,
      bodyTypes: [OTLP_PROTOBUF_MEDIA_TYPE, OTLP_JSON_MEDIA_TYPE],
      bodyGzip: true,
      otherMethods: 'not_allowed',
      errorBody: otlpErrorBody,
      handler: (ctx) => exportMetrics(ctx, deps, streams),
    },
  ];
}

async function exportMetrics(
  { res, body }: RouteContext,
  deps: OtlpRouteDeps,
  streams: OtlpStreams,
): Promise<void> {
  const tally = deps.tally;
  const encoding = encodingOf(body?.mediaType);
  let request: OtlpMetricsRequest | undefined;
  try {
    request = decode(encoding, body);
    const mapped = samplesOfOtlp(request, streams, deps.timeWindow, Date.now());
    if (mapped.samples.length > 0) await deps.store.append(mapped.samples);
    // Stored: only now may the streams move on (a failed request is retried from the same state).
    streams.commit(mapped.updates);
    tally?.accept('otlp', mapped.samples.length);
    tally?.refuse('otlp', mapped.rejected);
    const partial =
      mapped.rejected > 0
        ? { rejectedDataPoints: mapped.rejected, errorMessage: mapped.errorMessage }
        : undefined;
    const answer = encodeOtlpResponse(encoding, partial);
    res.writeHead(200, {
      'Content-Type': encoding,
      'Cache-Control': 'no-store',
      'Content-Length': typeof answer === 'string' ? Buffer.byteLength(answer) : answer.byteLength,
    });
    res.end(answer);
  } catch (error) {
    tally?.refuseRequest('otlp');
    tally?.refuse('otlp', request ? pointsIn(request) : 0);
    throw error;
  }
}

function decode(encoding: OtlpEncoding, body: RouteContext['body']): OtlpMetricsRequest {
  try {
    return decodeOtlpRequest(encoding, body ?? { bytes: new Uint8Array(), text: '' });
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw new AppError('bad_request', error.message);
    throw error;
  }
}

function encodingOf(mediaType: string | undefined): OtlpEncoding {
  return mediaType === OTLP_JSON_MEDIA_TYPE ? OTLP_JSON_MEDIA_TYPE : OTLP_PROTOBUF_MEDIA_TYPE;
}

/**
 * The `google.rpc.Status` of an error, in the request's encoding (JSON when it declared JSON,
 * else protobuf, the OTLP default): its code follows the HTTP status, its message is ours.
 */
const otlpErrorBody: ErrorBodyWriter = (req: IncomingMessage, error) => {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const encoding = encodingOf(type);
  return {
    contentType: encoding,
    body: encodeOtlpStatus(encoding, rpcCodeOf(error.status), `${error.code}: ${error.message}`),
  };
};

/** google.rpc.Code of an HTTP status (the gRPC-HTTP mapping, for the few we answer). */
function rpcCodeOf(status: number): number {
  if (status === 401) return 16; // UNAUTHENTICATED
  if (status === 403) return 7; // PERMISSION_DENIED
  if (status === 408) return 4; // DEADLINE_EXCEEDED
  if (status === 409 || status === 429 || status === 507) return 8; // RESOURCE_EXHAUSTED
  if (status === 503) return 14; // UNAVAILABLE
  if (status >= 500) return 13; // INTERNAL
  return 3; // INVALID_ARGUMENT
}

/** How many data points a decoded request holds (the refused count of a refused request). */
function pointsIn(request: OtlpMetricsRequest): number {
  let points = 0;
  for (const rm of request.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const data = m.gauge ?? m.sum ?? m.histogram ?? m.exponentialHistogram ?? m.summary;
        points += data?.dataPoints?.length ?? 0;
      }
    }
  }
  return points;
}
