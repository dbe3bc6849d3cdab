import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import { parsePushArgs } from './parse-push-args';
import { DEFAULT_URL } from './server-url';

/** The injected clock: 2025-11-24T16:00:00Z. */
const NOW = 1_764_000_000_000;
const parse = (args: string[], env: Record<string, string | undefined> = {}) =>
  parsePushArgs(args, env, NOW);

/** The usage error `args` raise, as `{exitCode, message}`. */
function failure(args: string[], env: Record<string, string | undefined> = {}) {
  try {
    parse(args, env);
  } catch (error) {
    if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
    throw error;
  }
  throw new Error(`${JSON.stringify(args)} parsed`);
}

describe('parsePushArgs', () => {
  it('reads <series> <value> and defaults the URL, with no token', () => {
    expect(parse(['host.cpu', '12.5'])).toEqual({
      kind: 'push',
      url: DEFAULT_URL,
      token: undefined,
      sample: { series: 'host.cpu', value: 12.5 },
    });
  });

  it.each([
    ['options after', ['q', '3', '--unit', 'jobs', '--ts', '1764000000000']],
    ['options before', ['--unit', 'jobs', '--ts', '1764000000000', 'q', '3']],
    ['--name=value', ['q', '--unit=jobs', '3', '--ts=1764000000000']],
  ])('reads --unit and --ts (%s)', (_name, args) => {
    expect(parse(args)).toMatchObject({
      sample: { series: 'q', value: 3, unit: 'jobs', ts: 1764000000000 },
    });
  });

  it.each([
    ['-3.5', -3.5],
    ['+2', 2],
    ['0', 0],
    ['.5', 0.5],
    ['1e3', 1000],
    ['-1.5E-2', -0.015],
  ])('takes the value %s as %d (a negative number is not an option)', (text, value) => {
    expect(parse(['s', text])).toMatchObject({ sample: { value } });
  });

  it('takes everything after -- as arguments', () => {
    expect(parse(['--', '-series', '1'])).toMatchObject({ sample: { series: '-series' } });
  });

  it.each([
    ['--url', ['s', '1', '--url', 'http://dash.example:8080/'], {}, 'http://dash.example:8080'],
    [
      'PULSEBOARD_URL',
      ['s', '1'],
      { PULSEBOARD_URL: ' https://pb.example/sub/ ' },
      'https://pb.example/sub',
    ],
    [
      '--url over PULSEBOARD_URL',
      ['s', '1', '--url=http://a.example'],
      { PULSEBOARD_URL: 'http://b.example' },
      'http://a.example',
    ],
    ['the default for a blank PULSEBOARD_URL', ['s', '1'], { PULSEBOARD_URL: ' ' }, DEFAULT_URL],
  ])('takes the URL from %s', (_name, args, env, url) => {
    expect(parse(args, env)).toMatchObject({ url });
  });

  it.each([
    [{ INGEST_TOKEN: 's3cret' }, 's3cret'],
    [{ INGEST_TOKEN: '  s3cret ' }, 's3cret'],
    [{ INGEST_TOKEN: '  ' }, undefined],
    [{}, undefined],
  ])('reads the token from INGEST_TOKEN %j as %s', (env, token) => {
    expect(parse(['s', '1'], env)).toMatchObject({ token });
  });

  it.each([['--help'], ['-h'], ['s', '--help'], ['--unit', 'x', '-h']])(
    'asks for help on %s whatever else is there',
    (...args) => {
      expect(parse(args)).toEqual({ kind: 'help' });
    },
  );

  it.each([
    [[], 'missing <series> and <value>'],
    [['s'], 'missing <value>'],
    [['s', '1', '2'], 'unexpected argument "2"'],
    [
      ['bad name', '1'],
      'series "bad name" is invalid: use 1 to 128 characters of A-Z a-z 0-9 _ . : -',
    ],
    [['x'.repeat(129), '1'], /^series "x+" is invalid/],
    [['s', 'abc'], 'value "abc" is not a finite number'],
    [['s', ''], 'value "" is not a finite number'],
    [['s', '1e999'], 'value "1e999" is not a finite number'],
    [['s', 'NaN'], 'value "NaN" is not a finite number'],
    [['s', 'Infinity'], 'value "Infinity" is not a finite number'],
    [['s', '0x10'], 'value "0x10" is not a finite number'],
    [['s', ' 1'], 'value " 1" is not a finite number'],
    [['s', '1', '--unit'], '--unit needs a value'],
    [['s', '1', '--unit', '--ts', '5'], '--unit needs a value'],
    [['s', '1', '--unit='], '--unit must be 1 to 16 characters, got ""'],
    [['s', '1', '--unit', 'x'.repeat(17)], /^--unit must be 1 to 16 characters/],
    [
      ['s', '1', '--unit', 'ms\u202e'],
      '--unit: U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control) at character 3 is not allowed',
    ],
    [
      ['s', '1', '--unit', 'm\ns'],
      '--unit: U+000A LINE FEED (a control character) at character 2 is not allowed',
    ],
    [['s', '1', '--ts', '1.5'], '--ts must be whole milliseconds since the epoch, got "1.5"'],
    [['s', '1', '--ts', '-1'], /^--ts must be whole milliseconds/],
    [['s', '1', '--ts', '1'.repeat(20)], /^--ts must be whole milliseconds/],
    [
      ['s', '1', '--ts', '1764000000'],
      '--ts 1764000000 looks like seconds (date +%s); send milliseconds (date +%s%3N)',
    ],
    [
      ['s', '1', '--ts', '1764000000000000'],
      '--ts 1764000000000000 looks like microseconds (date +%s%6N); send milliseconds (date +%s%3N)',
    ],
    [
      ['s', '1', '--ts', '1764000000000000000'],
      '--ts 1764000000000000000 looks like nanoseconds (date +%s%N); send milliseconds (date +%s%3N)',
    ],
    [['s', '1', '--ts', '1', '--ts', '2'], '--ts is given twice'],
    [['s', '1', '--token', 'x'], 'unknown option --token'],
    [['s', '1', '-x'], 'unknown option -x'],
    [
      ['s', '1', '--url', 'localhost:3000'],
      '--url "localhost:3000" must start with http:// or https://',
    ],
    [['s', '1', '--url', 'nope'], '--url "nope" is not a URL'],
    [
      ['s', '1', '--url', 'http://a.example/?x=1'],
      '--url "http://a.example/?x=1" must not have a query or a fragment',
    ],
  ] as [string[], string | RegExp][])('refuses %j with exit code 2: %s', (args, message) => {
    expect(failure(args)).toEqual({
      exitCode: 2,
      message: typeof message === 'string' ? message : expect.stringMatching(message),
    });
  });

  it('names PULSEBOARD_URL when the bad URL comes from it', () => {
    expect(failure(['s', '1'], { PULSEBOARD_URL: 'ftp://x' }).message).toBe(
      'PULSEBOARD_URL "ftp://x" must start with http:// or https://',
    );
  });

  it('leaves a millisecond --ts outside the window to the server (it knows its retention)', () => {
    expect(parse(['s', '1', '--ts', '8640000000000000'])).toMatchObject({
      sample: { ts: 8_640_000_000_000_000 },
    });
    expect(parse(['s', '1', '--ts', '0'])).toMatchObject({ sample: { ts: 0 } });
  });
});
