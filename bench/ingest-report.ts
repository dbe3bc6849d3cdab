import { INGEST_PROTOCOLS } from './ingest-encoders';
import {
  bytesPerSample,
  INGEST_MIN_RATIO,
  ingestRows,
  type PageCounts,
  usedBytes,
} from './ingest-figures';
import type { IngestResult } from './ingest-scenario';
import { fmt, isError, type ScenarioError } from './report-table';

/** The fields of an ingest result the section reads (the rest is the scenario's own). */
export type IngestFigures = Pick<
  IngestResult,
  | 'target'
  | 'batch'
  | 'requests'
  | 'rounds'
  | 'rates'
  | 'samplesStored'
  | 'pagesBefore'
  | 'pagesAfter'
>;

const LABELS = {
  json: 'JSON `POST /api/metrics`',
  line: 'line protocol `POST /api/v2/write`',
  'line+gzip': 'line protocol, gzip',
  otlp: 'OTLP protobuf `POST /v1/metrics`',
} as const;

/** The "Ingest" section: rates, ratios to JSON with the issue-15 target, bytes per sample. */
export function ingestSection(result: IngestFigures | ScenarioError | undefined): string {
  if (!result) return '';
  if (isError(result)) return `## Ingest (issue 15)\n\nERROR ${result.target}: ${result.error}`;
  const rows = ingestRows(result.rates);
  const rates = rows.map(
    (r) =>
      `| ${LABELS[r.protocol]} | ${fmt(r.samplesPerS)} | ${r.protocol === 'json' ? '1.00x' : `${fmt(r.ratioToJson, 2)}x`} | ${result.rates[r.protocol].map((x) => fmt(x)).join(', ')} |`,
  );
  const targets = rows
    .filter((r) => r.verdict)
    .map(
      (r) =>
        `| ${LABELS[r.protocol]} / JSON | ${fmt(r.ratioToJson, 2)}x | >= ${INGEST_MIN_RATIO.toFixed(2)}x | ${r.verdict === 'pass' ? 'pass' : '**FAIL**'} |`,
    );
  return [
    '## Ingest (issue 15)',
    `${result.target} (the production server), one store for all protocols: ${result.requests} requests of ${fmt(result.batch)} samples per protocol and round, sent one at a time, protocols interleaved (${INGEST_PROTOCOLS.join(', ')}); one warm-up round, then ${result.rounds} timed. Each sample is a point of one of 100 labelled series (json and line protocol write the same series, OTLP its own). Bodies are encoded before the clock starts. Rate = the median of the timed rounds.`,
    ['| protocol | samples/s | / JSON | per round |', '| --- | ---: | ---: | --- |', ...rates].join(
      '\n',
    ),
    ['| target | ratio | limit | verdict |', '| --- | ---: | ---: | --- |', ...targets].join('\n'),
    diskParagraph(result.pagesBefore, result.pagesAfter, result.samplesStored),
  ].join('\n\n');
}

function diskParagraph(before: PageCounts, after: PageCounts, samples: number): string {
  const grown = usedBytes(after) - usedBytes(before);
  return `Bytes on disk per stored sample: **${fmt(bytesPerSample(before, after, samples), 1)} B** (${fmt(grown)} B of pages in use added for ${fmt(samples)} samples acknowledged in between; pages in use = (\`page_count\` − \`freelist_count\`) × \`page_size\` of ${fmt(after.pageSize)} B, read through a read-only connection that sees the WAL, after the first request and after the last; rollups and indexes included, WAL frames not counted twice).`;
}
