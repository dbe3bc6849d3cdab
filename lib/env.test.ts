import { describe, expect, it } from 'vitest';
import { DATABASE_MAX_BYTES_MIN, parseEnv } from './env';

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
      TRUST_PROXY: false,
    });
  });

  it('splits ALLOWED_ORIGINS and drops trailing slashes', () => {
    expect(
      parseEnv({ ALLOWED_ORIGINS: 'http://a.example/, https://b.example' }).ALLOWED_ORIGINS,
    ).toEqual(['http://a.example', 'https://b.example']);
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
});
