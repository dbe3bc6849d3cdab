import type { INamespace } from 'protobufjs';

/**
 * The part of OTLP's protobuf schema Pulseboard reads and writes, as a protobufjs descriptor:
 * `ExportMetricsServiceRequest` down to the data points (opentelemetry-proto v1.x,
 * `opentelemetry/proto/{collector/metrics,metrics,common,resource}/v1`), its response, and
 * `google.rpc.Status`. Field numbers and types are the protocol's; fields Pulseboard does not
 * use (descriptions, exemplars, schema URLs, min/max, metadata) are left out, and a decoder skips
 * them like any unknown field, as protobuf requires. Names are the proto names in lowerCamelCase,
 * which is also OTLP/JSON's spelling (protobufjs converts). The encoders of the official
 * OpenTelemetry JS exporters are decoded with it in the tests (otlp-codec.test.ts and
 * tests/integration/otlp-sdk.test.ts), which is what proves the numbers.
 */
export const OTLP_DESCRIPTOR: INamespace = {
  nested: {
    ExportMetricsServiceRequest: {
      fields: { resourceMetrics: { rule: 'repeated', type: 'ResourceMetrics', id: 1 } },
    },
    ExportMetricsServiceResponse: {
      fields: { partialSuccess: { type: 'ExportMetricsPartialSuccess', id: 1 } },
    },
    ExportMetricsPartialSuccess: {
      fields: {
        rejectedDataPoints: { type: 'int64', id: 1 },
        errorMessage: { type: 'string', id: 2 },
      },
    },
    Status: {
      fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 } },
    },
    ResourceMetrics: {
      fields: {
        resource: { type: 'Resource', id: 1 },
        scopeMetrics: { rule: 'repeated', type: 'ScopeMetrics', id: 2 },
      },
    },
    Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
    ScopeMetrics: {
      fields: {
        scope: { type: 'InstrumentationScope', id: 1 },
        metrics: { rule: 'repeated', type: 'Metric', id: 2 },
      },
    },
    InstrumentationScope: {
      fields: { name: { type: 'string', id: 1 }, version: { type: 'string', id: 2 } },
    },
    Metric: {
      oneofs: {
        data: { oneof: ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] },
      },
      fields: {
        name: { type: 'string', id: 1 },
        unit: { type: 'string', id: 3 },
        gauge: { type: 'Gauge', id: 5 },
        sum: { type: 'Sum', id: 7 },
        histogram: { type: 'Histogram', id: 9 },
        exponentialHistogram: { type: 'PointsOnly', id: 10 },
        summary: { type: 'PointsOnly', id: 11 },
      },
    },
    Gauge: { fields: { dataPoints: { rule: 'repeated', type: 'NumberDataPoint', id: 1 } } },
    Sum: {
      fields: {
        dataPoints: { rule: 'repeated', type: 'NumberDataPoint', id: 1 },
        aggregationTemporality: { type: 'AggregationTemporality', id: 2 },
        isMonotonic: { type: 'bool', id: 3 },
      },
    },
    Histogram: {
      fields: {
        dataPoints: { rule: 'repeated', type: 'HistogramDataPoint', id: 1 },
        aggregationTemporality: { type: 'AggregationTemporality', id: 2 },
      },
    },
    // ExponentialHistogram and Summary: only how many points they hold is read (to refuse them).
    PointsOnly: { fields: { dataPoints: { rule: 'repeated', type: 'Opaque', id: 1 } } },
    Opaque: { fields: {} },
    AggregationTemporality: {
      values: {
        AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
        AGGREGATION_TEMPORALITY_DELTA: 1,
        AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
      },
    },
    NumberDataPoint: {
      oneofs: { value: { oneof: ['asDouble', 'asInt'] } },
      fields: {
        attributes: { rule: 'repeated', type: 'KeyValue', id: 7 },
        startTimeUnixNano: { type: 'fixed64', id: 2 },
        timeUnixNano: { type: 'fixed64', id: 3 },
        asDouble: { type: 'double', id: 4 },
        asInt: { type: 'sfixed64', id: 6 },
        flags: { type: 'uint32', id: 8 },
      },
    },
    HistogramDataPoint: {
      fields: {
        attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
        startTimeUnixNano: { type: 'fixed64', id: 2 },
        timeUnixNano: { type: 'fixed64', id: 3 },
        count: { type: 'fixed64', id: 4 },
        bucketCounts: { rule: 'repeated', type: 'fixed64', id: 6 },
        explicitBounds: { rule: 'repeated', type: 'double', id: 7 },
        flags: { type: 'uint32', id: 10 },
      },
    },
    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
    AnyValue: {
      oneofs: {
        value: {
          oneof: [
            'stringValue',
            'boolValue',
            'intValue',
            'doubleValue',
            'arrayValue',
            'kvlistValue',
            'bytesValue',
          ],
        },
      },
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
        arrayValue: { type: 'ArrayValue', id: 5 },
        kvlistValue: { type: 'KeyValueList', id: 6 },
        bytesValue: { type: 'bytes', id: 7 },
      },
    },
    ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
    KeyValueList: { fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
  },
};

/** A 64-bit integer as protobufjs gives it: a Long (with `long` installed), or a number. */
export type Int64 = number | { toNumber(): number; toString(): string };

/** An attribute value (`AnyValue`); `value` names the field set (the oneof). */
export type OtlpAnyValue = {
  value?: string | undefined;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Int64;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] } | null;
  kvlistValue?: { values?: OtlpKeyValue[] } | null;
  bytesValue?: Uint8Array;
};
export type OtlpKeyValue = { key?: string; value?: OtlpAnyValue | null };

export type OtlpNumberPoint = {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: Int64;
  timeUnixNano?: Int64;
  /** Which of `asDouble` / `asInt` is set (protobufjs's oneof getter). */
  value?: string | undefined;
  asDouble?: number;
  asInt?: Int64;
  flags?: number;
};

export type OtlpHistogramPoint = {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: Int64;
  timeUnixNano?: Int64;
  count?: Int64;
  bucketCounts?: Int64[];
  explicitBounds?: number[];
  flags?: number;
};

/** `AGGREGATION_TEMPORALITY_DELTA` and `_CUMULATIVE`; 0 is unspecified. */
export const TEMPORALITY_DELTA = 1;
export const TEMPORALITY_CUMULATIVE = 2;

export type OtlpMetric = {
  name?: string;
  unit?: string;
  /** Which of the data fields is set (protobufjs's oneof getter). */
  data?: string | undefined;
  gauge?: { dataPoints?: OtlpNumberPoint[] } | null;
  sum?: {
    dataPoints?: OtlpNumberPoint[];
    aggregationTemporality?: number;
    isMonotonic?: boolean;
  } | null;
  histogram?: { dataPoints?: OtlpHistogramPoint[]; aggregationTemporality?: number } | null;
  exponentialHistogram?: { dataPoints?: unknown[] } | null;
  summary?: { dataPoints?: unknown[] } | null;
};

export type OtlpResourceMetrics = {
  resource?: { attributes?: OtlpKeyValue[] } | null;
  scopeMetrics?: {
    scope?: { name?: string; version?: string } | null;
    metrics?: OtlpMetric[];
  }[];
};

/** `ExportMetricsServiceRequest`, decoded from protobuf or OTLP/JSON. */
export type OtlpMetricsRequest = { resourceMetrics?: OtlpResourceMetrics[] };
