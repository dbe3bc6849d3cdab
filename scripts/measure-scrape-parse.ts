/**
 * How long one scrape's parsing and mapping (lib/scrape) hold the server's thread: bodies of
 * that many labelled counters (first argument, default 500,10000,50000), each scraped a number
 * of times (second argument, default 5).
 * `node --import tsx scripts/measure-scrape-parse.ts [500,10000,50000] [5]`;
 * docs/limits.md#prometheus-scrape.
 */
import { parseExposition } from '@/lib/scrape/exposition-parse';
import { ScrapeSeries } from '@/lib/scrape/scrape-series';

const sizes = (process.argv[2] ?? '500,10000,50000').split(',').map(Number);
const rounds = Number(process.argv[3] ?? 5);

for (const size of sizes) {
  const lines = ['# TYPE http_requests_total counter'];
  for (let i = 0; i < size; i++) {
    lines.push(`http_requests_total{path="/api/v1/items/${i}",method="GET",code="200"} ${i * 3}`);
  }
  const text = `${lines.join('\n')}\n`;
  const series = new ScrapeSeries({ job: 'bench', instance: '127.0.0.1:9100' });
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    series.convert(parseExposition(text, 'text-0.0.4'), 1_700_000_000_000 + round * 15_000);
    times.push(performance.now() - started);
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `${size} samples, ${text.length} bytes: ${mean.toFixed(1)} ms per scrape (mean of ${rounds}), max ${Math.max(...times).toFixed(1)} ms`,
  );
}
