import { describe, expect, it } from 'vitest';
import { parseExposition } from './exposition-parse';
import { ScrapeSeries } from './scrape-series';

const TARGET = { job: 'node', instance: 'web-1:9100' };
const T0 = 1_700_000_000_000;

/** The samples of one scrape of `text` at `ms` as `key -> value`. */
function scrape(series: ScrapeSeries, text: string, ms: number) {
  const out = series.convert(parseExposition(text, 'text-0.0.4'), ms);
  for (const sample of out.samples) expect(sample.ts).toBe(ms);
  return { values: Object.fromEntries(out.samples.map((s) => [s.series, s.value])), out };
}

const histogram = (b1: number, b2: number, inf: number) => `# TYPE rt_seconds histogram
rt_seconds_bucket{path="/a",le="0.1"} ${b1}
rt_seconds_bucket{path="/a",le="1"} ${b2}
rt_seconds_bucket{path="/a",le="+Inf"} ${inf}
rt_seconds_sum{path="/a"} 12
rt_seconds_count{path="/a"} ${inf}
`;

describe('ScrapeSeries: what a target’s scrapes are stored as', () => {
  it('stores gauges and untyped samples as they are, with job and instance', () => {
    const series = new ScrapeSeries(TARGET);
    const { values } = scrape(
      series,
      '# TYPE node_load1 gauge\nnode_load1 0.5\nnode_boot_time 1.7e9\nmem{kind="free"} 3\n',
      T0,
    );
    expect(values).toEqual({
      'node_load1{instance="web-1:9100",job="node"}': 0.5,
      'node_boot_time{instance="web-1:9100",job="node"}': 1.7e9,
      'mem{instance="web-1:9100",job="node",kind="free"}': 3,
    });
  });

  it('stores a counter as <name>:rate per second from the second scrape on, through a reset', () => {
    const series = new ScrapeSeries(TARGET);
    const text = (v: number) => `# TYPE req_total counter\nreq_total{code="200"} ${v}\n`;
    const key = 'req_total:rate{code="200",instance="web-1:9100",job="node"}';

    expect(scrape(series, text(100), T0).values).toEqual({});
    expect(scrape(series, text(130), T0 + 15_000).values).toEqual({ [key]: 2 });
    // The process restarted and counted 45 since: 45 in 15 s.
    expect(scrape(series, text(45), T0 + 30_000).values).toEqual({ [key]: 3 });
    expect(scrape(series, text(45), T0 + 45_000).values).toEqual({ [key]: 0 });
  });

  it('stores an OpenMetrics counter under its sample name and skips _created', () => {
    const series = new ScrapeSeries(TARGET);
    const text = (v: number) =>
      `# TYPE foo counter\nfoo_total ${v}\nfoo_created 1520430000\n# EOF\n`;
    series.convert(parseExposition(text(1), 'openmetrics'), T0);
    const out = series.convert(parseExposition(text(11), 'openmetrics'), T0 + 5000);
    expect(out.samples.map((s) => [s.series, s.value])).toEqual([
      ['foo_total:rate{instance="web-1:9100",job="node"}', 2],
    ]);
  });

  it('stores a histogram as :p50, :p95, :p99 of the observations since the last scrape and :rate of its count', () => {
    const series = new ScrapeSeries(TARGET);
    const labels = '{instance="web-1:9100",job="node",path="/a"}';
    expect(scrape(series, histogram(10, 10, 10), T0).values).toEqual({});
    // 100 new observations: 50 at most 0.1, 40 in (0.1, 1], 10 above 1.
    const { values } = scrape(series, histogram(60, 100, 110), T0 + 10_000);
    expect(Object.keys(values).sort()).toEqual(
      [
        `rt_seconds:p50${labels}`,
        `rt_seconds:p95${labels}`,
        `rt_seconds:p99${labels}`,
        `rt_seconds:rate${labels}`,
      ].sort(),
    );
    expect(values[`rt_seconds:p50${labels}`]).toBeCloseTo(0.1, 12);
    expect(values[`rt_seconds:p95${labels}`]).toBe(1);
    expect(values[`rt_seconds:rate${labels}`]).toBe(10);
  });

  it('gives a histogram no quantile when nothing was observed, and counts from 0 after a reset', () => {
    const series = new ScrapeSeries(TARGET);
    const labels = '{instance="web-1:9100",job="node",path="/a"}';
    scrape(series, histogram(10, 20, 20), T0);
    expect(scrape(series, histogram(10, 20, 20), T0 + 1000).values).toEqual({
      [`rt_seconds:rate${labels}`]: 0,
    });
    // Reset: the buckets now hold 4 observations, all at most 0.1.
    const { values } = scrape(series, histogram(4, 4, 4), T0 + 2000);
    expect(values[`rt_seconds:p50${labels}`]).toBeCloseTo(0.05, 12);
    expect(values[`rt_seconds:rate${labels}`]).toBe(4);
  });

  it('stores a summary’s quantiles as exposed and :rate of its count, not its sum', () => {
    const series = new ScrapeSeries(TARGET);
    const text = (count: number) => `# TYPE gc_seconds summary
gc_seconds{quantile="0.5"} 0.002
gc_seconds{quantile="1"} 0.01
gc_seconds_sum 1.5
gc_seconds_count ${count}
`;
    scrape(series, text(100), T0);
    expect(scrape(series, text(120), T0 + 2000).values).toEqual({
      'gc_seconds{instance="web-1:9100",job="node",quantile="0.5"}': 0.002,
      'gc_seconds{instance="web-1:9100",job="node",quantile="1"}': 0.01,
      'gc_seconds:rate{instance="web-1:9100",job="node"}': 10,
    });
  });

  it('keeps an exposed job or instance as exported_<name>, and drops empty label values', () => {
    const series = new ScrapeSeries({ ...TARGET, team: 'ops' });
    const { values } = scrape(series, 'x{job="other",instance="i",team="dev",empty=""} 1\n', T0);
    expect(values).toEqual({
      'x{exported_instance="i",exported_job="other",exported_team="dev",instance="web-1:9100",job="node",team="ops"}': 1,
    });
  });

  it('refuses, counts and names a sample the series rules refuse; stores the others', () => {
    const series = new ScrapeSeries(TARGET);
    const long = 'v'.repeat(300);
    const { values, out } = scrape(series, `ok 1\nbad{x="${long}"} 2\nnan NaN\n`, T0);
    expect(values).toEqual({ 'ok{instance="web-1:9100",job="node"}': 1 });
    expect(out.refused).toBe(2);
    expect(out.problem).toContain('label "x" value must be at most 256 characters');
  });

  it('forgets a series that vanished: it comes back without a rate, as a new one', () => {
    const series = new ScrapeSeries(TARGET);
    const counter = '# TYPE c_total counter\nc_total 5\n';
    scrape(series, counter, T0);
    scrape(series, 'other 1\n', T0 + 1000);
    expect(scrape(series, counter, T0 + 2000).values).toEqual({});
  });
});
