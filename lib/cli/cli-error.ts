/** Exit code of a bad command line: nothing was sent. */
export const EXIT_USAGE = 2;
/** Exit code of a push that failed: the server refused it or could not be reached. */
export const EXIT_FAILURE = 1;

/** A failure the CLI reports as one line on stderr, then exits with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A bad command line (exit code 2). */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}
