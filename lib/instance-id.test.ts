import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';
import { instanceIdOf } from './instance-id';

describe('instanceIdOf', () => {
  it('is INSTANCE_ID when set, else the host name and the port', () => {
    expect(instanceIdOf({ INSTANCE_ID: 'web-1' }, 3000, 'box')).toBe('web-1');
    expect(instanceIdOf({}, 3000, 'box')).toBe('box:3000');
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
});
