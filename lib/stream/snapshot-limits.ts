import { SERIES_KEY_MAX_BYTES } from '@/lib/protocol';

/**
 * The bounds of a stream's `snapshot` event, so that an unfiltered stream always starts,
 * whatever is stored: its worst case stays well under the slow-reader cap
 * (STREAM_MAX_QUEUED_BYTES, 4 MiB), which would otherwise cut the stream before its first
 * byte. What is left out is said in the event: `omittedSeries`, and `truncated` per series.
 *
 * The worst case, in bytes of the event as written (JSON never escapes more than this):
 * - one point `[ts,value],` is at most 49 bytes: `[` `]` `,` `,` (4) + a timestamp of at most
 *   20 characters (a 64-bit integer, `-9223372036854776000`) + a value of at most 25
 *   (`-0.0000012345678901234567`: the longest a JavaScript number prints);
 * - one series without its points is at most 1,171 bytes: `{"name":"` `","unit":"`
 *   `","points":[` `],"truncated":true}` `,` (51) + a series key of at most 512 bytes of UTF-8
 *   (SERIES_KEY_MAX_BYTES), which JSON writes in at most twice as many (only `"` and `\` are
 *   escaped, in two bytes; a key holds no other character JSON escapes: series-key.ts) + a unit
 *   of at most 16 UTF-16 code units written as at most 6 bytes each (96; an escaped lone
 *   surrogate, the worst any code unit can come to);
 * - the event around them is at most 105 bytes: `event: snapshot\nid: ` (20) + a seq of at
 *   most 16 digits, twice, + `\ndata: {"seq":` `,"series":[` `],"omittedSeries":` `}\n\n`
 *   (39) + a count of at most 7 digits (SERIES_MAX is at most 1,000,000).
 * So at most 1,000 × 1,171 + 30,000 × 49 + 105 = 2,641,105 bytes (2.52 MiB, 63% of the cap;
 * 1,745,105 before series keys had labels), leaving 1.5 MiB for the live events queued behind
 * it while it is written. The worst case needs a thousand keys of 512 bytes made of escaped
 * quotes; a typical labelled key (`cpu_usage_idle{cpu="cpu0",host="web-1"}`) is under 64 bytes.
 * lib/stream/snapshot-limits.test.ts builds that worst case and measures it.
 */

/** Most series one snapshot lists; the ones with the most recent samples are kept. */
export const SNAPSHOT_MAX_SERIES = 1000;
/** Most points of one series in a snapshot (its newest); one hour at 1 Hz. */
export const SNAPSHOT_MAX_POINTS_PER_SERIES = 3600;
/** Most points one snapshot carries across all series (each series cut to a common level). */
export const SNAPSHOT_MAX_POINTS = 30_000;

/** Bytes one point can take in the event at most (see above). */
export const SNAPSHOT_POINT_MAX_BYTES = 49;
/** Bytes one series can take in the event at most, its points left aside (see above). */
export const SNAPSHOT_SERIES_MAX_BYTES = 51 + 2 * SERIES_KEY_MAX_BYTES + 96;
/** Bytes of the event around its series at most (see above). */
export const SNAPSHOT_FRAME_MAX_BYTES = 105;

/** The largest a snapshot event can be under the bounds above, in bytes. */
export const SNAPSHOT_MAX_BYTES =
  SNAPSHOT_MAX_SERIES * SNAPSHOT_SERIES_MAX_BYTES +
  SNAPSHOT_MAX_POINTS * SNAPSHOT_POINT_MAX_BYTES +
  SNAPSHOT_FRAME_MAX_BYTES;
