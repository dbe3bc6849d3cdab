import { describe, expect, it } from 'vitest';
import { splitArgs } from './split-args';

describe('splitArgs', () => {
  it('reads --name value and --name=value, positionals around them, and all after --', () => {
    expect(
      splitArgs(['a', '--url', 'http://x', 'b', '--ts=5', '--', '--url'], ['url', 'ts']),
    ).toEqual({
      kind: 'args',
      positionals: ['a', 'b', '--url'],
      options: { url: 'http://x', ts: '5' },
    });
  });

  it('answers help for -h or --help wherever it stands', () => {
    expect(splitArgs(['a', '--url', 'u', '-h'], ['url'])).toEqual({ kind: 'help' });
    expect(splitArgs(['--help', '--nope'], ['url'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--nope'], 'unknown option --nope'],
    [['--nope=1'], 'unknown option --nope'],
    [['-x'], 'unknown option -x'],
    [['--url'], '--url needs a value'],
    [['--url', '--ts', '1'], '--url needs a value'],
    [['--url', 'a', '--url=b'], '--url is given twice'],
  ])('refuses %j: %s', (args, message) => {
    expect(() => splitArgs(args, ['url', 'ts'])).toThrow(message);
  });

  it('takes a negative number as a positional, not an option', () => {
    expect(splitArgs(['-1.5'], [])).toEqual({ kind: 'args', positionals: ['-1.5'], options: {} });
  });
});
