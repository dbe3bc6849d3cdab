import { describe, expect, it } from 'vitest';
import { decodeOtlpRequest, OTLP_JSON_MEDIA_TYPE } from './otlp-codec';
import { ATTRIBUTE_DEPTH_MAX, attributeText, pointLabels, resourceLabels } from './otlp-labels';
import type { OtlpKeyValue } from './otlp-schema';

/** Attributes as the server decodes them from OTLP/JSON. */
function attributes(list: unknown[]): OtlpKeyValue[] {
  const json = { resourceMetrics: [{ resource: { attributes: list } }] };
  const request = decodeOtlpRequest(OTLP_JSON_MEDIA_TYPE, {
    bytes: new Uint8Array(),
    text: JSON.stringify(json),
  });
  return request.resourceMetrics?.[0]?.resource?.attributes ?? [];
}

describe('OTLP attributes as labels', () => {
  it('takes service.name, service.instance.id and host.name of a resource, dots made _', () => {
    const resource = attributes([
      { key: 'service.name', value: { stringValue: 'api' } },
      { key: 'service.instance.id', value: { stringValue: 'i-1' } },
      { key: 'host.name', value: { stringValue: 'web-1' } },
      { key: 'process.pid', value: { intValue: '42' } },
    ]);
    expect(resourceLabels(resource)).toEqual({
      service_name: 'api',
      service_instance_id: 'i-1',
      host_name: 'web-1',
    });
  });

  it('writes every kind of value as text', () => {
    const values = attributes([
      { key: 's', value: { stringValue: 'x' } },
      { key: 'b', value: { boolValue: true } },
      { key: 'i', value: { intValue: '-9007199254740993' } },
      { key: 'd', value: { doubleValue: 0.5 } },
      { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 1 }] } } },
      { key: 'm', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: false } }] } } },
      { key: 'y', value: { bytesValue: Buffer.from([1, 255]).toString('base64') } },
      { key: 'none', value: {} },
    ]);
    expect(values.map((kv) => [kv.key, attributeText(kv.value)])).toEqual([
      ['s', 'x'],
      ['b', 'true'],
      ['i', '-9007199254740993'],
      ['d', '0.5'],
      ['a', '["x","1"]'],
      ['m', '{"k":"false"}'],
      ['y', '01ff'],
      ['none', undefined],
    ]);
  });

  it(`writes arrays nested past ATTRIBUTE_DEPTH_MAX (${ATTRIBUTE_DEPTH_MAX}) as "…"`, () => {
    // 40 arrays are 80 messages, within protobufjs's recursion limit of 100 (deeper: a 400).
    const levels = 40;
    const value = `${'{"arrayValue":{"values":['.repeat(levels)}{"stringValue":"deep"}${']}}'.repeat(levels)}`;
    const [kv] = attributes([{ key: 'n', value: JSON.parse(value) }]);
    const text = attributeText(kv?.value);
    expect(text).toBe(`${'['.repeat(ATTRIBUTE_DEPTH_MAX)}"…"${']'.repeat(ATTRIBUTE_DEPTH_MAX)}`);
  });

  it('lets a point attribute win over a resource label, drops empty ones, refuses two as one', () => {
    const base = { service_name: 'api', host_name: 'web-1' };
    const point = attributes([
      { key: 'service.name', value: { stringValue: 'worker' } },
      { key: 'host.name', value: { stringValue: '' } },
    ]);
    expect(pointLabels(base, point)).toEqual({ service_name: 'worker' });
    const clash = attributes([
      { key: 'a.b', value: { stringValue: '1' } },
      { key: 'a-b', value: { stringValue: '2' } },
    ]);
    expect(pointLabels(base, clash)).toBe('attributes "a-b" and another both become label "a_b"');
  });
});
