import { describe, expect, it } from 'vitest';
import { ingestSection } from './ingest-report';

const result = {
  target: 'Pulseboard',
  batch: 1000,
  requests: 10,
  rounds: 1,
  rates: { json: [100_000], line: [80_000], 'line+gzip': [50_000], otlp: [40_000] },
  samplesStored: 40_000,
  pagesBefore: { pageCount: 100, freelistCount: 0, pageSize: 4096 },
  pagesAfter: { pageCount: 725, freelistCount: 0, pageSize: 4096 },
};

describe('ingestSection', () => {
  const section = ingestSection(result);

  it('gives each protocol its rate and ratio to JSON', () => {
    expect(section).toContain('| JSON `POST /api/metrics` | 100,000 | 1.00x | 100,000 |');
    expect(section).toContain('| line protocol, gzip | 50,000 | 0.50x | 50,000 |');
  });

  it('judges line protocol and OTLP against 0.5x of JSON, not gzip', () => {
    expect(section).toContain(
      '| line protocol `POST /api/v2/write` / JSON | 0.80x | >= 0.50x | pass |',
    );
    expect(section).toContain(
      '| OTLP protobuf `POST /v1/metrics` / JSON | 0.40x | >= 0.50x | **FAIL** |',
    );
    expect(section).not.toContain('gzip / JSON');
  });

  it('gives the bytes per stored sample: 625 pages of 4 KiB over 40,000 samples', () => {
    expect(section).toContain('**64.0 B**');
    expect(section).toContain('2,560,000 B of pages in use added for 40,000 samples');
  });

  it('says why when the section could not run, and nothing when it was skipped', () => {
    expect(ingestSection({ target: 'Pulseboard', clients: 0, error: 'boom' })).toContain(
      'ERROR Pulseboard: boom',
    );
    expect(ingestSection(undefined)).toBe('');
  });
});
