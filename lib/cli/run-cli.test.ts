import { describe, expect, it, vi } from 'vitest';
import { CliError } from './cli-error';
import type { PushCommand } from './parse-push-args';
import { type Pusher, runCli, USAGE } from './run-cli';

/** Runs the CLI with `push` faked, and returns the exit code and every line written. */
async function run(argv: string[], push: Pusher = async () => ({ accepted: 1, seq: 7 })) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(
    argv,
    {},
    { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) },
    push,
  );
  return { code, stdout, stderr };
}

describe('runCli', () => {
  it('pushes and prints "accepted n (seq N)"', async () => {
    const push = vi.fn<Pusher>(async () => ({ accepted: 1, seq: 1234 }));

    const result = await run(['push', 'cpu', '1'], push);

    expect(result).toEqual({ code: 0, stdout: ['accepted 1 (seq 1234)'], stderr: [] });
    expect(push.mock.calls[0]?.[0]).toMatchObject({
      sample: { series: 'cpu', value: 1 },
    } satisfies Partial<PushCommand>);
  });

  it.each([[['--help']], [['-h']], [['help']], [['push', '--help']]])(
    'prints the usage on %j and exits 0',
    async (argv) => {
      expect(await run(argv)).toEqual({ code: 0, stdout: [USAGE], stderr: [] });
    },
  );

  it.each([
    [[], 'missing command'],
    [['pull', 'cpu'], 'unknown command "pull"'],
    [['push', 'cpu'], 'missing <value>'],
  ])('refuses %j with exit code 2 and a hint, sending nothing', async (argv, message) => {
    const push = vi.fn<Pusher>();

    expect(await run(argv, push)).toEqual({
      code: 2,
      stdout: [],
      stderr: [message, 'Run "pulseboard --help" for usage.'],
    });
    expect(push).not.toHaveBeenCalled();
  });

  it('prints a failed push as one line and exits 1', async () => {
    const push: Pusher = async () => {
      throw new CliError('error 401 unauthorized: invalid bearer token', 1);
    };

    expect(await run(['push', 'cpu', '1'], push)).toEqual({
      code: 1,
      stdout: [],
      stderr: ['error 401 unauthorized: invalid bearer token'],
    });
  });

  it('lets a bug surface instead of hiding it behind an exit code', async () => {
    const push: Pusher = async () => {
      throw new TypeError('boom');
    };

    await expect(run(['push', 'cpu', '1'], push)).rejects.toThrow('boom');
  });
});
