import type { Sample } from '@/lib/protocol';
import type { SampleIn } from './http-api';

/** A batch as the server numbered it: the last seq of a batch of n is `seq`, so n seqs end there. */
export type NumberedBatch = { seq: number; samples: readonly SampleIn[] };

/** Every sample of `batches`, as the stream must deliver them: ordered by seq. */
export function inSeqOrder(batches: readonly NumberedBatch[]): { seq: number; value: number }[] {
  return batches
    .flatMap((b) =>
      b.samples.map((s, i) => ({ seq: b.seq - b.samples.length + 1 + i, value: s.value })),
    )
    .sort((a, b) => a.seq - b.seq);
}

/** The values of samples, in the order received. */
export function values(samples: readonly Sample[]): number[] {
  return samples.map((s) => s.value);
}

/** `n` samples of `series` with values `from`, `from + 1`, … */
export function makeSamples(series: string, from: number, n: number): SampleIn[] {
  return Array.from({ length: n }, (_, i) => ({ series, value: from + i }));
}
