import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineProtocolError, type ProtocolLine, parseLineProtocol } from './line-protocol';

const one = (text: string) => parseLineProtocol(text)[0];
const problem = (text: string) => {
  try {
    parseLineProtocol(text);
  } catch (error) {
    if (error instanceof LineProtocolError) return error.message;
    throw error;
  }
  throw new Error('accepted');
};

describe('parseLineProtocol', () => {
  it('reads the example of the InfluxDB docs', () => {
    expect(
      one('myMeasurement,tag1=value1,tag2=value2 fieldKey="fieldValue" 1556813561098000000'),
    ).toEqual({
      line: 1,
      measurement: 'myMeasurement',
      tags: [
        ['tag1', 'value1'],
        ['tag2', 'value2'],
      ],
      fields: [['fieldKey', { type: 'string', value: 'fieldValue' }]],
      timestamp: 1556813561098000000n,
    });
  });

  it('reads every field type', () => {
    const line = one('m f=1.5,i=-42i,u=42u,e=1e3,b1=t,b2=FALSE,b3=True,s="x" 1');
    expect(line?.fields).toEqual([
      ['f', { type: 'float', value: 1.5 }],
      ['i', { type: 'integer', value: -42 }],
      ['u', { type: 'unsigned', value: 42 }],
      ['e', { type: 'float', value: 1000 }],
      ['b1', { type: 'boolean', value: 1 }],
      ['b2', { type: 'boolean', value: 0 }],
      ['b3', { type: 'boolean', value: 1 }],
      ['s', { type: 'string', value: 'x' }],
    ]);
    expect(one('m v=1')?.timestamp).toBeUndefined();
  });

  it('unescapes as the spec says: measurement (comma, space), keys and tag values (and equals)', () => {
    const line = one(
      'my\\ meas\\,ure,tag\\ key\\=x=tag\\,val\\ ue\\=1,p=C:\\dir field\\ k\\=y="a \\"q\\" \\\\ b",n=1 5',
    );
    expect(line).toEqual({
      line: 1,
      measurement: 'my meas,ure',
      tags: [
        ['tag key=x', 'tag,val ue=1'],
        ['p', 'C:\\dir'],
      ],
      fields: [
        ['field k=y', { type: 'string', value: 'a "q" \\ b' }],
        ['n', { type: 'float', value: 1 }],
      ],
      timestamp: 5n,
    });
  });

  it('skips blank lines and comments, takes CRLF and a line feed inside a string, and counts lines', () => {
    const lines = parseLineProtocol(
      '# comment\r\n\r\na v=1 1\r\n  \nb s="two\nlines",v=2\nc v=3\n',
    );
    expect(lines.map((l) => [l.line, l.measurement])).toEqual([
      [3, 'a'],
      [5, 'b'],
      [7, 'c'],
    ]);
    expect(lines[1]?.fields[0]).toEqual(['s', { type: 'string', value: 'two\nlines' }]);
  });

  it.each([
    ['m', 'line 1: expected a space and the fields after the measurement and tags'],
    ['m ', 'line 1: a field key is missing'],
    ['m,t v=1', 'line 1: tag "t" has no "=" and value'],
    ['m,t= v=1', 'line 1: tag "t" has an empty value'],
    ['m,=x v=1', 'line 1: a tag key is missing'],
    ['m v', 'line 1: field "v" has no "=" and value'],
    ['m v=', 'line 1: field "v" has no value'],
    [
      'm v=abc',
      'line 1: field "v" has the value "abc", which is not a number, a boolean or a quoted string',
    ],
    [
      'm v=1.5i',
      'line 1: field "v" has the value "1.5i", which is not a number, a boolean or a quoted string',
    ],
    [
      'm v=-1u',
      'line 1: field "v" has the value "-1u", which is not a number, a boolean or a quoted string',
    ],
    ['m v="open', 'line 1: the string of field "v" has no closing quote'],
    ['m v=1 12x', 'line 1: the timestamp "12x" is not a whole number'],
    ['m v=1 1 2', 'line 1: unexpected text after the timestamp'],
    [',t=1 v=1', 'line 1: the measurement is missing'],
    [
      'a v=1\nb v=1\nc v=x',
      'line 3: field "v" has the value "x", which is not a number, a boolean or a quoted string',
    ],
  ])('refuses %j naming the line', (text, message) => {
    expect(problem(text)).toBe(message);
  });

  it('reads back any line written with the spec escapes (property)', () => {
    const text = fc
      .array(fc.constantFrom('a', 'Z', '0', ' ', ',', '=', '"', '\\', 'é', '_'), {
        minLength: 1,
        maxLength: 8,
      })
      .map((c) => c.join(''))
      // A token may not end in a lone backslash before a separator, nor start a comment.
      .filter((s) => !s.endsWith('\\') && !s.startsWith('#'));
    const value = fc.oneof(
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        // String(-0) is "0": the writer cannot say -0, so the line reads back 0.
        .map((v) => ({ type: 'float' as const, value: v === 0 ? 0 : v })),
      fc.integer().map((v) => ({ type: 'integer' as const, value: v })),
      fc.nat().map((v) => ({ type: 'unsigned' as const, value: v })),
      fc.boolean().map((v) => ({ type: 'boolean' as const, value: v ? 1 : 0 })),
      fc.string().map((v) => ({ type: 'string' as const, value: v })),
    );
    const lineArb = fc.record({
      measurement: text,
      tags: fc.array(fc.tuple(text, text), { maxLength: 3 }),
      fields: fc.array(fc.tuple(text, value), { minLength: 1, maxLength: 3 }),
      timestamp: fc.option(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 4 }), (lines) => {
        const body = lines.map(write).join('\n');
        const parsed = parseLineProtocol(body);
        expect(parsed.map(({ line: _, ...rest }) => rest)).toEqual(
          lines
            .map((l) => (l.timestamp === undefined ? { ...l, timestamp: undefined } : l))
            .map(dropUndefined),
        );
      }),
      { numRuns: 1000 },
    );
  });
});

type Written = Omit<ProtocolLine, 'line'>;

/** Writes a line the way the spec says clients escape it (an oracle apart from the parser). */
function write(l: Written): string {
  const esc = (s: string, chars: string) =>
    s.replace(new RegExp(`[${chars}]`, 'g'), (c) => `\\${c}`);
  const measurement = esc(l.measurement, ', \\\\');
  const key = (s: string) => esc(s, ',= \\\\');
  const tags = l.tags.map(([k, v]) => `,${key(k)}=${key(v)}`).join('');
  const fields = l.fields
    .map(([k, v]) => {
      const text =
        v.type === 'string'
          ? `"${v.value.replace(/["\\]/g, (c) => `\\${c}`)}"`
          : v.type === 'integer'
            ? `${v.value}i`
            : v.type === 'unsigned'
              ? `${v.value}u`
              : v.type === 'boolean'
                ? v.value
                  ? 'true'
                  : 'false'
                : String(v.value);
      return `${key(k)}=${text}`;
    })
    .join(',');
  return `${measurement}${tags} ${fields}${l.timestamp === undefined ? '' : ` ${l.timestamp}`}`;
}

function dropUndefined(l: Written): Written {
  const { timestamp, ...rest } = l;
  return timestamp === undefined ? rest : { ...rest, timestamp };
}
