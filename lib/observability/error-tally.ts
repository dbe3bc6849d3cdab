/** Counts API errors by code, for `pulseboard_errors_total{channel="http"}`. */
export class ErrorTally {
  readonly counts: Record<string, number> = {};

  count(code: string): void {
    this.counts[code] = (this.counts[code] ?? 0) + 1;
  }
}
