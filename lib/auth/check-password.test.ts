import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { type AuthConfig, createAuthConfig } from './auth-config';
import { checkCredentials, secretsEqual } from './check-password';

const config = (vars: Record<string, string>) =>
  createAuthConfig(parseEnv({ AUTH_SECRET: 'k'.repeat(32), ...vars })) as AuthConfig;

describe('checkCredentials', () => {
  const shared = config({ AUTH_PASSWORD: 'open sesame' });
  const users = config({ AUTH_USERS: 'ada:pw-ada,bob:pw-bob' });

  it('with AUTH_PASSWORD, names the session after the (trimmed) display name', () => {
    expect(checkCredentials(shared, '  Grace ', 'open sesame')).toBe('Grace');
  });

  it('with AUTH_PASSWORD, refuses a wrong password or an invalid name', () => {
    expect(checkCredentials(shared, 'Grace', 'open sesam')).toBeNull();
    expect(checkCredentials(shared, 'Grace', 'open sesame ')).toBeNull();
    expect(checkCredentials(shared, '', 'open sesame')).toBeNull();
    expect(checkCredentials(shared, 'x'.repeat(33), 'open sesame')).toBeNull();
  });

  it('with AUTH_USERS, binds each name to its own password', () => {
    expect(checkCredentials(users, 'ada', 'pw-ada')).toBe('ada');
    expect(checkCredentials(users, 'bob', 'pw-bob')).toBe('bob');
    expect(checkCredentials(users, 'ada', 'pw-bob')).toBeNull();
    expect(checkCredentials(users, 'eve', 'pw-ada')).toBeNull();
  });

  it('compares secrets exactly', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'a')).toBe(false);
  });
});
