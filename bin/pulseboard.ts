/**
 * `pulseboard`: the command line for scripts (`pulseboard push <series> <value>`,
 * `pulseboard delete <series>`). A thin
 * entry: the logic lives in lib/cli/. Run through bin/pulseboard.mjs, which loads tsx.
 */
import { runCli } from '../lib/cli/run-cli';

process.exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
