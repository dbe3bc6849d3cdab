import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import { parseDeleteArgs } from './parse-delete-args';
import { DEFAULT_URL } from './server-url';

const parse = (args: string[], env: Record<string, string | undefined> = {}) =>
  parseDeleteArgs(args, env);

function failure(args: string[], env: Record<string, string | undefined> = {}) {
  try {
    parse(args, env);
  } catch (error) {
    if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
    throw error;
  }
  throw new Error(`${JSON.stringify(args)} parsed`);
}

describe('parseDeleteArgs', () => {
  it('reads <series> and defaults the URL', () => {
    expect(parse(['host.cpu'])).toEqual({ kind: 'delete', url: DEFAULT_URL, series: 'host.cpu' });
  });

  it.each([
    [['s', '--url', 'http://a.example:8080/'], {}, 'http://a.example:8080'],
    [['--url=http://a.example', 's'], {}, 'http://a.example'],
    [['s'], { PULSEBOARD_URL: 'https://pb.example/sub/' }, 'https://pb.example/sub'],
    [
      ['s', '--url', 'http://a.example'],
      { PULSEBOARD_URL: 'http://b.example' },
      'http://a.example',
    ],
  ])('takes the URL from %j with %j', (args, env, url) => {
    expect(parse(args, env)).toMatchObject({ url });
  });

  it('takes everything after -- as arguments, and asks for help on -h', () => {
    expect(parse(['--', '-odd-'])).toMatchObject({ series: '-odd-' });
    expect(parse(['s', '--help'])).toEqual({ kind: 'help' });
    expect(parse(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'missing <series>'],
    [['a', 'b'], 'unexpected argument "b"'],
    [
      ['bad name'],
      'series "bad name" is invalid: series key "bad name" must be a series name (^[A-Za-z0-9_.:-]{1,128}$) or name{label="value",…}',
    ],
    [
      ['cpu{core=""}'],
      'series "cpu{core=""}" is invalid: label "core" must not have an empty value',
    ],
    [['x'.repeat(129)], /^series "x+" is invalid/],
    [['s', '--url'], '--url needs a value'],
    [['s', '--url', 'http://a', '--url', 'http://b'], '--url is given twice'],
    [['s', '--unit', 'ms'], 'unknown option --unit'],
    [['s', '--token=x'], 'unknown option --token'],
    [['s', '-f'], 'unknown option -f'],
    [['s', '--url', 'nope'], '--url "nope" is not a URL'],
  ] as [string[], string | RegExp][])('refuses %j with exit code 2: %s', (args, message) => {
    expect(failure(args)).toEqual({
      exitCode: 2,
      message: typeof message === 'string' ? message : expect.stringMatching(message),
    });
  });
});
