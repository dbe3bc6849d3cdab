import type { z } from 'zod';

/**
 * One readable sentence for the first problem in a ZodError of a request body:
 * `body.samples[3].value: value must be a finite number`.
 */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid body';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `body${path}: ${issue.message}`;
}
