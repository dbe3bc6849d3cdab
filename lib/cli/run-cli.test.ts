import { describe, expect, it, vi } from 'vitest';
import { CliError } from './cli-error';
import type { PushCommand } from './parse-push-args';
import { type Deleter, type Pusher, runCli, USAGE } from './run-cli';

/** Runs the CLI with `push` and `delete` faked, and returns the exit code and every line written. */
async function run(
  argv: string[],
  push: Pusher = async () => ({ accepted: 1, seq: 7 }),
  remove: Deleter = async (command) => ({ series: command.series, samples: 3 }),
) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(
    argv,
    {},
    { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) },
    push,
    remove,
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

  it('deletes and prints "deleted <series> (N samples)"', async () => {
    const remove = vi.fn<Deleter>(async () => ({ series: 'cpu', samples: 1 }));

    const result = await run(['delete', 'cpu'], undefined, remove);

    expect(result).toEqual({ code: 0, stdout: ['deleted cpu (1 sample)'], stderr: [] });
    expect(remove.mock.calls[0]?.[0]).toMatchObject({ kind: 'delete', series: 'cpu' });
    expect((await run(['delete', 'big'])).stdout).toEqual(['deleted big (3 samples)']);
  });

  it("prints a refused delete as the server's one line and exits 1", async () => {
    const remove: Deleter = async () => {
      throw new CliError('error 404 not_found: there is no series named cpu', 1);
    };

    expect(await run(['delete', 'cpu'], undefined, remove)).toEqual({
      code: 1,
      stdout: [],
      stderr: ['error 404 not_found: there is no series named cpu'],
    });
  });

  it.each([[['--help']], [['-h']], [['help']], [['push', '--help']], [['delete', '--help']]])(
    'prints the usage on %j and exits 0',
    async (argv) => {
      expect(await run(argv)).toEqual({ code: 0, stdout: [USAGE], stderr: [] });
    },
  );

  it.each([
    [[], 'missing command'],
    [['pull', 'cpu'], 'unknown command "pull"'],
    [['push', 'cpu'], 'missing <value>'],
    [['delete'], 'missing <series>'],
    [
      ['delete', 'a b'],
      'series "a b" is invalid: series key "a b" must be a series name (^[A-Za-z0-9_.:-]{1,128}$) or name{label="value",…}',
    ],
  ])('refuses %j with exit code 2 and a hint, sending nothing', async (argv, message) => {
    const push = vi.fn<Pusher>();
    const remove = vi.fn<Deleter>();

    expect(await run(argv, push, remove)).toEqual({
      code: 2,
      stdout: [],
      stderr: [message, 'Run "pulseboard --help" for usage.'],
    });
    expect(push).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
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
