import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { type ScrapeEnv, scrapeTargetsOf } from './scrape-config';

const ENV: ScrapeEnv = {
  SCRAPE_TARGETS: [],
  SCRAPE_JOB: 'scrape',
  SCRAPE_INTERVAL_MS: 15_000,
  SCRAPE_TIMEOUT_MS: 10_000,
};

describe('scrapeTargetsOf', () => {
  it('makes SCRAPE_TARGETS one job with host:port as instance (the scheme’s port when none)', () => {
    const targets = scrapeTargetsOf({
      ...ENV,
      SCRAPE_TARGETS: ['http://127.0.0.1:9100/metrics', 'https://exporter.example/metrics'],
    });
    expect(targets).toEqual([
      {
        url: 'http://127.0.0.1:9100/metrics',
        job: 'scrape',
        instance: '127.0.0.1:9100',
        intervalMs: 15_000,
        timeoutMs: 10_000,
        labels: { job: 'scrape', instance: '127.0.0.1:9100' },
      },
      expect.objectContaining({ instance: 'exporter.example:443' }),
    ]);
  });

  it('adds the config’s jobs with their interval, timeout cut to the interval, and extra labels', () => {
    const targets = scrapeTargetsOf(ENV, [
      {
        job: 'node',
        targets: ['http://web-1:9100/metrics'],
        intervalMs: 5000,
        timeoutMs: 8000,
        labels: { env: 'prod' },
      },
    ]);
    expect(targets).toEqual([
      {
        url: 'http://web-1:9100/metrics',
        job: 'node',
        instance: 'web-1:9100',
        intervalMs: 5000,
        timeoutMs: 5000,
        labels: { job: 'node', env: 'prod', instance: 'web-1:9100' },
      },
    ]);
    expect(scrapeTargetsOf(ENV, { targets: ['http://a:1/m'] })[0]?.job).toBe('scrape');
  });

  it.each([
    ['a URL that is not http', { targets: ['ftp://x/metrics'] }, 'must be an http: or https: URL'],
    ['no URL', { targets: ['web-1:9100'] }, 'must be an http: or https: URL'],
    [
      'credentials in a URL',
      { targets: ['http://u:p@a:1/m'] },
      '"a:1": credentials in a scrape URL are not supported',
    ],
    ['no targets', { targets: [] }, 'scrape[0].targets'],
    [
      'an interval under 1 s',
      { targets: ['http://a:1/'], intervalMs: 999 },
      'scrape[0].intervalMs',
    ],
    [
      'a reserved label',
      { targets: ['http://a:1/'], labels: { job: 'x' } },
      'label "job" is set by the scrape itself',
    ],
    [
      'a bad label name',
      { targets: ['http://a:1/'], labels: { 'a-b': 'x' } },
      'label name "a-b" must match',
    ],
    ['a URL twice', { targets: ['http://a:1/', 'http://a:1/'] }, 'lists http://a:1/ twice'],
  ])('stops the boot on %s', (_, job, message) => {
    expect(() => scrapeTargetsOf(ENV, job as never)).toThrow(message);
  });
});

describe('the SCRAPE_* variables', () => {
  it('default to no targets, job scrape, 15 s interval and 10 s timeout', () => {
    const env = parseEnv({});
    expect([
      env.SCRAPE_TARGETS,
      env.SCRAPE_JOB,
      env.SCRAPE_INTERVAL_MS,
      env.SCRAPE_TIMEOUT_MS,
    ]).toEqual([[], 'scrape', 15_000, 10_000]);
  });

  it('take 1000 ms as the shortest interval and refuse 999', () => {
    expect(parseEnv({ SCRAPE_INTERVAL_MS: '1000' }).SCRAPE_INTERVAL_MS).toBe(1000);
    expect(() => parseEnv({ SCRAPE_INTERVAL_MS: '999' })).toThrow('SCRAPE_INTERVAL_MS');
  });

  it('refuse a target that is no http URL, naming it', () => {
    expect(parseEnv({ SCRAPE_TARGETS: ' http://a:1/m , http://b:2/m ' }).SCRAPE_TARGETS).toEqual([
      'http://a:1/m',
      'http://b:2/m',
    ]);
    expect(() => parseEnv({ SCRAPE_TARGETS: 'http://a:1/m,localhost:9100' })).toThrow(
      'SCRAPE_TARGETS: "localhost:9100" must be an http: or https: URL',
    );
  });
});
