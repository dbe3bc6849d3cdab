import { describe, expect, it } from 'vitest';
import { formatOfContentType, parseExposition, parseValue } from './exposition-parse';

/** The example of the Prometheus docs (exposition_formats.md, "Text format example"). */
const DOCS_EXAMPLE = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# Escaping in label values:
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

# Minimalistic line:
metric_without_timestamp_and_labels 12.47

# A weird metric from before the epoch:
something_weird{problem="division by zero"} +Inf -3982045

# A histogram, which has a pretty complex representation in the text format:
# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="0.1"} 33444
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320

# Finally a summary, which has a complex representation, too:
# HELP rpc_duration_seconds A summary of the RPC duration in seconds.
# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.01"} 3102
rpc_duration_seconds_sum 1.7560473e+07
rpc_duration_seconds_count 2693
`;

/** OpenMetrics 1.0: the counter family has no `_total`, exemplars and `# EOF`. */
const OPENMETRICS = `# TYPE acme_http_router_request_seconds summary
# UNIT acme_http_router_request_seconds seconds
acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
# TYPE foo counter
foo_total 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67
foo_created 1520430000.123
# TYPE build info
build_info{version="1.2"} 1
# EOF
`;

describe('parseExposition: the text format 0.0.4', () => {
  it('reads the docs example: names, labels with escapes, values, families and types', () => {
    const samples = parseExposition(DOCS_EXAMPLE, 'text-0.0.4');
    expect(samples.map((s) => [s.name, s.family, s.type, s.value])).toEqual([
      ['http_requests_total', 'http_requests_total', 'counter', 1027],
      ['http_requests_total', 'http_requests_total', 'counter', 3],
      [
        'msdos_file_access_time_seconds',
        'msdos_file_access_time_seconds',
        'untyped',
        1.458255915e9,
      ],
      [
        'metric_without_timestamp_and_labels',
        'metric_without_timestamp_and_labels',
        'untyped',
        12.47,
      ],
      ['something_weird', 'something_weird', 'untyped', Number.POSITIVE_INFINITY],
      ['http_request_duration_seconds_bucket', 'http_request_duration_seconds', 'histogram', 24054],
      ['http_request_duration_seconds_bucket', 'http_request_duration_seconds', 'histogram', 33444],
      [
        'http_request_duration_seconds_bucket',
        'http_request_duration_seconds',
        'histogram',
        144320,
      ],
      ['http_request_duration_seconds_sum', 'http_request_duration_seconds', 'histogram', 53423],
      ['http_request_duration_seconds_count', 'http_request_duration_seconds', 'histogram', 144320],
      ['rpc_duration_seconds', 'rpc_duration_seconds', 'summary', 3102],
      ['rpc_duration_seconds_sum', 'rpc_duration_seconds', 'summary', 1.7560473e7],
      ['rpc_duration_seconds_count', 'rpc_duration_seconds', 'summary', 2693],
    ]);
    expect(samples[0]?.labels).toEqual({ method: 'post', code: '200' });
    expect(samples[2]?.labels).toEqual({
      path: 'C:\\DIR\\FILE.TXT',
      error: 'Cannot find file:\n"FILE.TXT"',
    });
    expect(samples[7]?.labels).toEqual({ le: '+Inf' });
  });

  it('takes CRLF line ends, a trailing comma in labels and an empty body', () => {
    expect(parseExposition('a{x="1",} 2\r\nb 3\r\n', 'text-0.0.4')).toMatchObject([
      { name: 'a', labels: { x: '1' }, value: 2 },
      { name: 'b', labels: {}, value: 3 },
    ]);
    expect(parseExposition('', 'text-0.0.4')).toEqual([]);
  });
});

describe('parseExposition: OpenMetrics text', () => {
  it('reads families without _total, drops exemplars and timestamps, ends at # EOF', () => {
    const samples = parseExposition(OPENMETRICS, 'openmetrics');
    expect(samples.map((s) => [s.name, s.family, s.type, s.value])).toEqual([
      [
        'acme_http_router_request_seconds_sum',
        'acme_http_router_request_seconds',
        'summary',
        9036.32,
      ],
      [
        'acme_http_router_request_seconds_count',
        'acme_http_router_request_seconds',
        'summary',
        807283,
      ],
      [
        'acme_http_router_request_seconds_created',
        'acme_http_router_request_seconds',
        'summary',
        1605281325,
      ],
      ['foo_total', 'foo', 'counter', 17],
      ['foo_created', 'foo', 'counter', 1520430000.123],
      ['build_info', 'build', 'info', 1],
    ]);
  });
});

describe('parseExposition refuses what is not the format, naming the line', () => {
  it.each([
    ['an HTML page', '<html><body>Not found</body></html>', 'text-0.0.4', 'line 1: not a sample'],
    ['a value that is no number', 'up one', 'text-0.0.4', 'line 1: bad value "one"'],
    ['no value', 'up\n', 'text-0.0.4', 'line 1: expected "up <value> [timestamp]"'],
    ['a fourth field', 'up 1 2 3', 'text-0.0.4', 'line 1: expected'],
    ['a bad timestamp', 'up 1 soon', 'text-0.0.4', 'line 1: bad timestamp "soon"'],
    [
      'an unterminated label',
      'a 1\nb{x="1} 2',
      'text-0.0.4',
      'line 2: unterminated value of label x',
    ],
    ['a bad escape', 'b{x="\\t"} 2', 'text-0.0.4', 'line 1: bad escape \\t in label x'],
    ['a label twice', 'b{x="1",x="2"} 2', 'text-0.0.4', 'line 1: label x twice'],
    ['labels without quotes', 'b{x=1} 2', 'text-0.0.4', 'line 1: expected ="value" after label x'],
    [
      'an unknown type',
      '# TYPE a widget\na 1',
      'text-0.0.4',
      'line 1: unknown metric type "widget"',
    ],
    [
      'a second TYPE',
      '# TYPE a gauge\n# TYPE a gauge',
      'text-0.0.4',
      'line 2: second # TYPE for a',
    ],
    ['OpenMetrics without # EOF', 'a 1\n', 'openmetrics', 'line 1: no # EOF at the end'],
    ['text after # EOF', 'a 1\n# EOF\nb 2\n', 'openmetrics', 'line 3: text after # EOF'],
    ['an empty OpenMetrics line', 'a 1\n\n# EOF\n', 'openmetrics', 'line 2: empty line'],
    ['binary', '\u0000\u0001\u0002', 'text-0.0.4', 'line 1: not a sample'],
  ] as const)('%s', (_, text, format, message) => {
    expect(() => parseExposition(text, format)).toThrow(message);
  });
});

describe('parseValue', () => {
  it('reads Go floats and the special values, nothing else', () => {
    expect(parseValue('1e3')).toBe(1000);
    expect(parseValue('-0.5')).toBe(-0.5);
    expect(parseValue('.5')).toBe(0.5);
    expect(parseValue('+Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseValue('-Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseValue('NaN')).toBeNaN();
    for (const bad of ['', '0x10', '1_000', 'Infinity', '1e', '--1'])
      expect(parseValue(bad)).toBeUndefined();
  });
});

describe('formatOfContentType', () => {
  it('is OpenMetrics only when the answer says so', () => {
    expect(formatOfContentType('application/openmetrics-text; version=1.0.0; charset=utf-8')).toBe(
      'openmetrics',
    );
    expect(formatOfContentType('text/plain; version=0.0.4; charset=utf-8')).toBe('text-0.0.4');
    expect(formatOfContentType(null)).toBe('text-0.0.4');
  });
});
