/**
 * Which sample timestamps ingest accepts: no more than INGEST_MAX_FUTURE_MS ahead of the server
 * clock (a later one is a unit mistake or a broken clock, and would sit in the store for
 * good), and no older than the raw retention (it would be swept at once).
 */

/** The accepted window around the server clock, in milliseconds. */
export type SampleTimeWindow = {
  /** INGEST_MAX_FUTURE_MS: how far ahead of `nowMs` a `ts` may be. */
  maxFutureMs: number;
  /** RETENTION_RAW_HOURS in ms: how far behind `nowMs` a `ts` may be. */
  rawRetentionMs: number;
};

/** A `ts` that is probably not milliseconds: the unit it looks like and the shell to get it. */
type UnitGuess = { unit: string; command: string };

const UNIT_GUESSES: readonly { factor: number; guess: UnitGuess }[] = [
  { factor: 1e-3, guess: { unit: 'seconds', command: 'date +%s' } },
  { factor: 1e3, guess: { unit: 'microseconds', command: 'date +%s%6N' } },
  { factor: 1e6, guess: { unit: 'nanoseconds', command: 'date +%s%N' } },
];

/**
 * Why `ts` is outside the window at `nowMs` (a sentence without the field name), or undefined
 * when `nowMs - rawRetentionMs <= ts <= nowMs + maxFutureMs`. When the value is about a
 * thousand, a million or a thousandth times the clock, the sentence names the unit it looks
 * like: `... looks like microseconds (date +%s%6N); send milliseconds (date +%s%3N)`.
 */
export function sampleTimestampProblem(
  ts: number,
  window: SampleTimeWindow,
  nowMs: number,
): string | undefined {
  const ahead = ts - nowMs;
  let problem: string;
  if (ahead > window.maxFutureMs) {
    problem = `${ts} is ${ahead} ms ahead of the server clock (${nowMs}); at most ${window.maxFutureMs} ms [INGEST_MAX_FUTURE_MS] is accepted`;
  } else if (-ahead > window.rawRetentionMs) {
    problem = `${ts} is ${-ahead} ms behind the server clock (${nowMs}), older than the raw retention of ${window.rawRetentionMs} ms [RETENTION_RAW_HOURS]`;
  } else {
    return undefined;
  }
  const guess = guessTimestampUnit(ts, nowMs);
  return guess
    ? `${problem}; it looks like ${guess.unit} (${guess.command}); send milliseconds (date +%s%3N)`
    : problem;
}

/**
 * The unit `ts` seems to be in when it is not milliseconds: within a factor of 3 of `nowMs`
 * converted to seconds, microseconds or nanoseconds (1.7e9, 1.7e15 and 1.7e18 in 2024).
 */
export function guessTimestampUnit(ts: number, nowMs: number): UnitGuess | undefined {
  if (!(ts > 0) || !(nowMs > 0)) return undefined;
  for (const { factor, guess } of UNIT_GUESSES) {
    const ratio = ts / (nowMs * factor);
    if (ratio > 1 / 3 && ratio < 3) return guess;
  }
  return undefined;
}
