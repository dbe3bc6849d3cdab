import { describe, expect, it } from 'vitest';
import {
  DATABASE_MAX_BYTES_MIN,
  parseEnv,
  SHUTDOWN_TIMEOUT_MAX_MS,
  SHUTDOWN_TIMEOUT_MIN_MS,
} from './env';

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    expect(parseEnv({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_PATH: 'data/pulseboard.db',
      ALLOWED_ORIGINS: [],
      SAMPLE_INTERVAL_MS: 1000,
      SSE_KEEPALIVE_INTERVAL_MS: 15_000,
      CHAT_HEARTBEAT_INTERVAL_MS: 30_000,
      COLLECTOR_ENABLED: true,
      TRUST_PROXY: { hops: 0 },
      SHUTDOWN_TIMEOUT_MS: 5000,
    });
  });

  it('accepts SHUTDOWN_TIMEOUT_MS from SHUTDOWN_TIMEOUT_MIN_MS to SHUTDOWN_TIMEOUT_MAX_MS', () => {
    const at = (ms: number) => parseEnv({ SHUTDOWN_TIMEOUT_MS: String(ms) }).SHUTDOWN_TIMEOUT_MS;
    expect(at(SHUTDOWN_TIMEOUT_MIN_MS)).toBe(SHUTDOWN_TIMEOUT_MIN_MS);
    expect(at(SHUTDOWN_TIMEOUT_MAX_MS)).toBe(SHUTDOWN_TIMEOUT_MAX_MS);
    expect(() => at(SHUTDOWN_TIMEOUT_MIN_MS - 1)).toThrowError(/SHUTDOWN_TIMEOUT_MS/);
    expect(() => at(SHUTDOWN_TIMEOUT_MAX_MS + 1)).toThrowError(/SHUTDOWN_TIMEOUT_MS/);
  });

  it('holds chat names 60 s by default; CHAT_NAME_HOLD_MS from 0 to a day', () => {
    const at = (v: string) => parseEnv({ CHAT_NAME_HOLD_MS: v }).CHAT_NAME_HOLD_MS;
    expect(parseEnv({}).CHAT_NAME_HOLD_MS).toBe(60_000);
    expect(at('0')).toBe(0);
    expect(at('86400000')).toBe(86_400_000);
    expect(() => at('-1')).toThrowError(/CHAT_NAME_HOLD_MS/);
    expect(() => at('86400001')).toThrowError(/CHAT_NAME_HOLD_MS/);
    expect(() => at('1.5')).toThrowError(/CHAT_NAME_HOLD_MS/);
  });

  it('splits ALLOWED_ORIGINS and drops trailing slashes', () => {
    expect(
      parseEnv({ ALLOWED_ORIGINS: 'http://a.example/, https://b.example' }).ALLOWED_ORIGINS,
    ).toEqual(['http://a.example', 'https://b.example']);
  });

  it('defaults the request timeouts and rate limits, exempting loopback', () => {
    expect(parseEnv({})).toMatchObject({
      HTTP_HEADERS_TIMEOUT_MS: 10_000,
      REQUEST_BODY_TIMEOUT_MS: 10_000,
      RATE_LIMIT_INGEST_PER_MIN: 600,
      RATE_LIMIT_CONNECT_PER_MIN: 300,
      RATE_LIMIT_EXEMPT: ['loopback'],
    });
  });

  it('reads RATE_LIMIT_EXEMPT as a comma list; empty exempts nobody', () => {
    expect(parseEnv({ RATE_LIMIT_EXEMPT: ' 10.0.0.1 , ::1,' }).RATE_LIMIT_EXEMPT).toEqual([
      '10.0.0.1',
      '::1',
    ]);
    expect(parseEnv({ RATE_LIMIT_EXEMPT: '' }).RATE_LIMIT_EXEMPT).toEqual([]);
  });

  it('refuses a body timeout under 100 ms and a rate limit of 0', () => {
    expect(parseEnv({ REQUEST_BODY_TIMEOUT_MS: '100' }).REQUEST_BODY_TIMEOUT_MS).toBe(100);
    expect(() => parseEnv({ REQUEST_BODY_TIMEOUT_MS: '99' })).toThrowError(
      /REQUEST_BODY_TIMEOUT_MS/,
    );
    expect(() => parseEnv({ RATE_LIMIT_INGEST_PER_MIN: '0' })).toThrowError(
      /RATE_LIMIT_INGEST_PER_MIN/,
    );
  });

  it('treats an empty INGEST_TOKEN as unset', () => {
    expect(parseEnv({ INGEST_TOKEN: '  ' }).INGEST_TOKEN).toBeUndefined();
  });

  it('fails at once naming every bad variable', () => {
    expect(() => parseEnv({ PORT: 'eighty', SAMPLE_INTERVAL_MS: '5' })).toThrowError(
      /PORT[\s\S]*SAMPLE_INTERVAL_MS/,
    );
  });

  it('leaves DATABASE_MAX_BYTES unset (no cap) by default and when empty', () => {
    expect(parseEnv({}).DATABASE_MAX_BYTES).toBeUndefined();
    expect(parseEnv({ DATABASE_MAX_BYTES: ' ' }).DATABASE_MAX_BYTES).toBeUndefined();
  });

  it('accepts DATABASE_MAX_BYTES at DATABASE_MAX_BYTES_MIN and refuses one byte less', () => {
    expect(
      parseEnv({ DATABASE_MAX_BYTES: String(DATABASE_MAX_BYTES_MIN) }).DATABASE_MAX_BYTES,
    ).toBe(DATABASE_MAX_BYTES_MIN);
    expect(() => parseEnv({ DATABASE_MAX_BYTES: String(DATABASE_MAX_BYTES_MIN - 1) })).toThrowError(
      /DATABASE_MAX_BYTES/,
    );
    expect(() => parseEnv({ DATABASE_MAX_BYTES: '1e6x' })).toThrowError(/DATABASE_MAX_BYTES/);
  });

  it('accepts samples up to 5 min ahead of the clock unless INGEST_MAX_FUTURE_MS says otherwise', () => {
    expect(parseEnv({}).INGEST_MAX_FUTURE_MS).toBe(5 * 60_000);
  });

  it('defaults retention to 48 h raw, 30 d minute and 365 d hour rollups, swept every 60 s', () => {
    expect(parseEnv({})).toMatchObject({
      RETENTION_RAW_HOURS: 48,
      RETENTION_MINUTE_DAYS: 30,
      RETENTION_HOUR_DAYS: 365,
      RETENTION_SWEEP_INTERVAL_MS: 60_000,
      RETENTION_BATCH_ROWS: 2000,
      RETENTION_SWEEP_MAX_MS: 50,
    });
  });

  it.each([
    ['RETENTION_RAW_HOURS', 1, 87_600],
    ['RETENTION_MINUTE_DAYS', 1, 3660],
    ['RETENTION_HOUR_DAYS', 1, 36_600],
    ['RETENTION_SWEEP_INTERVAL_MS', 100, 86_400_000],
    ['RETENTION_BATCH_ROWS', 1, 100_000],
    ['RETENTION_SWEEP_MAX_MS', 1, 10_000],
    ['INGEST_MAX_FUTURE_MS', 0, 86_400_000],
  ] as const)('accepts %s from %i to %i and refuses one past each end', (name, min, max) => {
    const at = (n: number) => parseEnv({ [name]: String(n) })[name];
    expect([at(min), at(max)]).toEqual([min, max]);
    expect(() => at(min - 1)).toThrowError(new RegExp(name));
    expect(() => at(max + 1)).toThrowError(new RegExp(name));
  });

  it('defaults the HTTP-layer limits of issue 10 (hosts, connections, ranges, series)', () => {
    expect(parseEnv({})).toMatchObject({
      ALLOWED_HOSTS: [],
      CONNECTIONS_MAX_PER_ADDRESS: 64,
      RATE_LIMIT_RANGE_PER_MIN: 60,
      RANGE_CONCURRENCY_MAX: 1,
      RANGE_QUEUE_MAX: 16,
      SERIES_MAX: 10_000,
      RATE_LIMIT_SERIES_PER_MIN: 120,
    });
    expect(parseEnv({ ALLOWED_HOSTS: ' dash.example.com, x.lan:8443 ,' }).ALLOWED_HOSTS).toEqual([
      'dash.example.com',
      'x.lan:8443',
    ]);
  });

  it.each([
    ['CONNECTIONS_MAX_PER_ADDRESS', 1, 1_000_000],
    ['RATE_LIMIT_RANGE_PER_MIN', 1, 1_000_000],
    ['RANGE_CONCURRENCY_MAX', 1, 64],
    ['RANGE_QUEUE_MAX', 0, 10_000],
    ['SERIES_MAX', 1, 1_000_000],
    ['RATE_LIMIT_SERIES_PER_MIN', 1, 1_000_000],
  ] as const)('accepts %s from %i to %i and refuses one past each end', (name, min, max) => {
    const at = (n: number) => parseEnv({ [name]: String(n) })[name];
    expect([at(min), at(max)]).toEqual([min, max]);
    expect(() => at(min - 1)).toThrowError(new RegExp(name));
    expect(() => at(max + 1)).toThrowError(new RegExp(name));
  });

  it('reads TRUST_PROXY as hops (0/1/true/false still accepted) or a list of proxies', () => {
    const trust = (raw: string) => parseEnv({ TRUST_PROXY: raw }).TRUST_PROXY;
    expect([trust('0'), trust('false'), trust('1'), trust('true'), trust('2')]).toEqual([
      { hops: 0 },
      { hops: 0 },
      { hops: 1 },
      { hops: 1 },
      { hops: 2 },
    ]);
    expect(trust('loopback, 10.0.0.0/8')).toEqual({ list: ['loopback', '10.0.0.0/8'] });
    expect(() => trust('proxy.lan')).toThrowError(/TRUST_PROXY.*proxy\.lan/);
  });

  it('accepts STREAM_TRANSPORT and INGEST_TRANSPORT only unset or node, and says what to do', () => {
    expect(() => parseEnv({ STREAM_TRANSPORT: 'node', INGEST_TRANSPORT: 'node' })).not.toThrow();
    expect(() => parseEnv({ STREAM_TRANSPORT: 'route' })).toThrowError(
      /STREAM_TRANSPORT: STREAM_TRANSPORT was removed.*architecture\.md#transports.*Unset STREAM_TRANSPORT/,
    );
    expect(() => parseEnv({ INGEST_TRANSPORT: 'route' })).toThrowError(/Unset INGEST_TRANSPORT/);
  });
});

describe('INSTANCE_ID and DATABASE_URL in the env schema', () => {
  it('accepts an id of 63 characters and refuses 64, or a space', () => {
    expect(parseEnv({ INSTANCE_ID: 'a'.repeat(63) }).INSTANCE_ID).toBe('a'.repeat(63));
    expect(() => parseEnv({ INSTANCE_ID: 'a'.repeat(64) })).toThrow(/INSTANCE_ID: at most 63/);
    expect(() => parseEnv({ INSTANCE_ID: 'web 1' })).toThrow(/INSTANCE_ID/);
  });

  it('accepts postgres:// and postgresql:// URLs, and refuses anything else clearly', () => {
    const url = 'postgres://app:secret@db.internal:5432/pulseboard';
    expect(parseEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    expect(parseEnv({ DATABASE_URL: 'postgresql://db/x' }).DATABASE_URL).toBe('postgresql://db/x');
    expect(parseEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    for (const bad of ['mysql://db/x', 'db.internal:5432', 'postgres:///x']) {
      expect(() => parseEnv({ DATABASE_URL: bad })).toThrow(
        /DATABASE_URL: must be a PostgreSQL URL: postgres:\/\/user:password@host:port\/database/,
      );
    }
  });

  it('refuses DATABASE_MAX_BYTES beside DATABASE_URL: it caps the SQLite file only', () => {
    const url = 'postgres://db/x';
    expect(parseEnv({ DATABASE_MAX_BYTES: '1048576' }).DATABASE_MAX_BYTES).toBe(1048576);
    expect(() => parseEnv({ DATABASE_URL: url, DATABASE_MAX_BYTES: '1048576' })).toThrow(
      /DATABASE_MAX_BYTES: caps the SQLite file only, and DATABASE_URL selects PostgreSQL/,
    );
  });
});
