import type { SeriesLabels } from '@/lib/protocol';
import { labelNamePart } from './line-samples';
import type { Int64, OtlpAnyValue, OtlpKeyValue } from './otlp-schema';

/**
 * The resource attributes that become labels (with `_` for `.`); other resource attributes only
 * tell streams apart (see resourceIdentity).
 */
export const OTLP_RESOURCE_LABELS: readonly string[] = [
  'service.name',
  'service.instance.id',
  'host.name',
];

/** The labels a resource gives every series of it: OTLP_RESOURCE_LABELS it has, non-empty. */
export function resourceLabels(attributes: readonly OtlpKeyValue[] | undefined): SeriesLabels {
  const labels: SeriesLabels = {};
  for (const attribute of attributes ?? []) {
    const key = attribute.key ?? '';
    if (!OTLP_RESOURCE_LABELS.includes(key)) continue;
    const text = attributeText(attribute.value);
    if (text !== undefined && text !== '') labels[labelNamePart(key)] = text;
  }
  return labels;
}

/**
 * A data point's labels: the resource's, then its attributes with keys made label names
 * (`http.route` becomes `http_route`); an attribute wins over a resource label of the same name.
 * An attribute with an empty value is left out (Prometheus treats an empty label as absent).
 * Returns the problem instead when two attributes come to one label name.
 */
export function pointLabels(
  base: Readonly<SeriesLabels>,
  attributes: readonly OtlpKeyValue[] | undefined,
): SeriesLabels | string {
  if (!attributes || attributes.length === 0) return base;
  const labels: SeriesLabels = { ...base };
  const seen = new Set<string>();
  for (const attribute of attributes) {
    const key = attribute.key ?? '';
    const name = labelNamePart(key);
    if (seen.has(name)) return `attributes "${key}" and another both become label "${name}"`;
    seen.add(name);
    const text = attributeText(attribute.value);
    if (text === undefined || text === '') delete labels[name];
    else labels[name] = text;
  }
  return labels;
}

/**
 * What tells one resource and scope apart from another beyond the labels: every resource
 * attribute and the scope's name and version. It keeps the rate state of two streams that
 * write the same series apart.
 */
export function resourceIdentity(
  attributes: readonly OtlpKeyValue[] | undefined,
  scope: { name?: string; version?: string } | null | undefined,
): string {
  const parts = (attributes ?? []).map((a) => `${a.key ?? ''}=${attributeText(a.value) ?? ''}`);
  parts.sort();
  parts.push(`scope=${scope?.name ?? ''}@${scope?.version ?? ''}`);
  return parts.join('\u0000');
}

/**
 * An attribute value as label text: a string as is, a bool `true`/`false`, a number in decimal,
 * bytes in hex, an array or a key-value list as JSON; undefined when no value is set.
 */
export function attributeText(value: OtlpAnyValue | null | undefined): string | undefined {
  if (!value) return undefined;
  switch (value.value) {
    case 'stringValue':
      return value.stringValue;
    case 'boolValue':
      return String(value.boolValue);
    case 'intValue':
      return int64Text(value.intValue);
    case 'doubleValue':
      return String(value.doubleValue);
    case 'bytesValue':
      return Buffer.from(value.bytesValue ?? []).toString('hex');
    case 'arrayValue':
    case 'kvlistValue':
      return JSON.stringify(plain(value, 0));
    default:
      return undefined;
  }
}

function int64Text(value: Int64 | undefined): string {
  return value === undefined ? '0' : value.toString();
}

/**
 * How deep arrays and key-value lists in an attribute value are written out; deeper ones become
 * `"…"`. A label value holds at most 256 characters anyway, and a body may nest them thousands
 * deep: the walk must stay far from the stack's limit.
 */
export const ATTRIBUTE_DEPTH_MAX = 8;

/** An array or key-value list as plain JSON values, down to ATTRIBUTE_DEPTH_MAX levels. */
function plain(value: OtlpAnyValue | null | undefined, depth: number): unknown {
  const nested = value?.value === 'arrayValue' || value?.value === 'kvlistValue';
  if (nested && depth >= ATTRIBUTE_DEPTH_MAX) return '…';
  if (value?.value === 'arrayValue') {
    return (value.arrayValue?.values ?? []).map((v) => plain(v, depth + 1));
  }
  if (value?.value === 'kvlistValue') {
    return Object.fromEntries(
      (value.kvlistValue?.values ?? []).map((kv) => [kv.key ?? '', plain(kv.value, depth + 1)]),
    );
  }
  return attributeText(value) ?? null;
}
