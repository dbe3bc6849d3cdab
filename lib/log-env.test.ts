import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';
import { readLogEnv } from './log-env';

describe('readLogEnv', () => {
  it('defaults to info, with the format left to NODE_ENV', () => {
    expect(readLogEnv({})).toEqual({ LOG_LEVEL: 'info', LOG_FORMAT: undefined });
  });

  it('reads a level and a format; an empty value counts as unset', () => {
    expect(readLogEnv({ LOG_LEVEL: 'warn', LOG_FORMAT: 'json' })).toEqual({
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    });
    expect(readLogEnv({ LOG_LEVEL: ' ', LOG_FORMAT: '' })).toEqual({
      LOG_LEVEL: 'info',
      LOG_FORMAT: undefined,
    });
  });

  it('falls back to the defaults on a bad value, so the logger still starts', () => {
    expect(readLogEnv({ LOG_LEVEL: 'loud' })).toEqual({ LOG_LEVEL: 'info', LOG_FORMAT: undefined });
  });
});

describe('parseEnv and the logging settings', () => {
  it('parses LOG_LEVEL and LOG_FORMAT with the rest', () => {
    expect(parseEnv({ LOG_LEVEL: 'debug', LOG_FORMAT: 'pretty' })).toMatchObject({
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
    });
  });

  it('stops at boot naming a bad LOG_LEVEL or LOG_FORMAT', () => {
    expect(() => parseEnv({ LOG_LEVEL: 'loud' })).toThrowError(/LOG_LEVEL/);
    expect(() => parseEnv({ LOG_FORMAT: 'xml' })).toThrowError(/LOG_FORMAT/);
  });
});
