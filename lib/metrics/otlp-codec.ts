import protobuf from 'protobufjs/light.js';
import { OTLP_DESCRIPTOR, type OtlpMetricsRequest } from './otlp-schema';

/** OTLP/HTTP's binary encoding (the default of the Collector's `otlphttp` exporter). */
export const OTLP_PROTOBUF_MEDIA_TYPE = 'application/x-protobuf';
/** OTLP/HTTP's JSON encoding (proto3 JSON: lowerCamelCase, 64-bit integers as strings or numbers). */
export const OTLP_JSON_MEDIA_TYPE = 'application/json';

/** The two encodings of OTLP/HTTP: a response is written in the request's. */
export type OtlpEncoding = typeof OTLP_PROTOBUF_MEDIA_TYPE | typeof OTLP_JSON_MEDIA_TYPE;

/** `google.rpc.Code.INVALID_ARGUMENT`: the Status code of a body that cannot be decoded. */
export const STATUS_INVALID_ARGUMENT = 3;

const root = protobuf.Root.fromJSON(OTLP_DESCRIPTOR);
const RequestType = root.lookupType('ExportMetricsServiceRequest');
const ResponseType = root.lookupType('ExportMetricsServiceResponse');
const StatusType = root.lookupType('Status');

/** A body that is not an `ExportMetricsServiceRequest` in its declared encoding. */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';
}

/**
 * Decodes an `ExportMetricsServiceRequest` from protobuf bytes or OTLP/JSON text. Throws
 * OtlpDecodeError with the decoder's reason when the body is neither. Unknown fields are
 * ignored (both encodings), as OTLP requires of a receiver.
 */
export function decodeOtlpRequest(
  encoding: OtlpEncoding,
  body: { bytes: Uint8Array; text: string },
): OtlpMetricsRequest {
  try {
    if (encoding === OTLP_PROTOBUF_MEDIA_TYPE) {
      return RequestType.decode(body.bytes) as OtlpMetricsRequest;
    }
    const json: unknown = JSON.parse(body.text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new Error('the body must be a JSON object');
    }
    return RequestType.fromObject(json) as OtlpMetricsRequest;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const what = encoding === OTLP_PROTOBUF_MEDIA_TYPE ? 'protobuf' : 'OTLP/JSON';
    throw new OtlpDecodeError(
      `body is not an ExportMetricsServiceRequest in ${what}: ${reason.slice(0, 200)}`,
    );
  }
}

/** What a request left unstored: the `partial_success` of the answer. */
export type OtlpPartialSuccess = { rejectedDataPoints: number; errorMessage: string };

/**
 * The `ExportMetricsServiceResponse` in `encoding`: empty when every point was taken, else with
 * `partial_success` (`rejected_data_points`, `error_message`).
 */
export function encodeOtlpResponse(
  encoding: OtlpEncoding,
  partial: OtlpPartialSuccess | undefined,
): Uint8Array | string {
  if (encoding === OTLP_JSON_MEDIA_TYPE) {
    if (!partial) return '{}';
    return JSON.stringify({
      partialSuccess: {
        // proto3 JSON writes int64 as a string.
        rejectedDataPoints: String(partial.rejectedDataPoints),
        errorMessage: partial.errorMessage,
      },
    });
  }
  const message = ResponseType.create(partial ? { partialSuccess: partial } : {});
  return ResponseType.encode(message).finish();
}

/** A `google.rpc.Status` in `encoding`: the body of an OTLP 4xx or 5xx answer. */
export function encodeOtlpStatus(
  encoding: OtlpEncoding,
  code: number,
  message: string,
): Uint8Array | string {
  if (encoding === OTLP_JSON_MEDIA_TYPE) return JSON.stringify({ code, message });
  return StatusType.encode(StatusType.create({ code, message })).finish();
}

/** Decodes an `ExportMetricsServiceResponse` (tests, and clients written against this server). */
export function decodeOtlpResponse(bytes: Uint8Array): {
  partialSuccess?: { rejectedDataPoints: string; errorMessage: string };
} {
  return ResponseType.toObject(ResponseType.decode(bytes), { longs: String });
}

/** Decodes a `google.rpc.Status` (tests). */
export function decodeOtlpStatus(bytes: Uint8Array): { code?: number; message?: string } {
  return StatusType.toObject(StatusType.decode(bytes));
}
