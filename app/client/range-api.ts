import { parseRangeAnswer, type RangeAnswer } from '@/lib/protocol';

/** The URL of a range request. */
export function rangeUrl(from: number, to: number): string {
  return `/api/range?from=${Math.floor(from)}&to=${Math.ceil(to)}`;
}

/**
 * Loads `[from, to]`; throws on a network error, an error status or an answer that does not
 * match the contract (`rangeAnswerSchema` in lib/protocol, the schema the server types its
 * answer with).
 */
export async function fetchRange(
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<RangeAnswer> {
  const response = await fetch(rangeUrl(from, to), {
    headers: { Accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message;
    throw new Error(`range request failed (${response.status}): ${message ?? 'no detail'}`);
  }
  const answer = parseRangeAnswer(body);
  if (!answer) throw new Error('range answer does not match the contract');
  return answer;
}
