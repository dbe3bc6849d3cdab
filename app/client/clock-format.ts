/**
 * The one way the page writes times (issue 13: the page had "5:44:54 PM", "05:45 PM" and
 * "17:44:44"): local time on a 24-hour clock, zero-padded, `HH:mm` or `HH:mm:ss` where seconds
 * matter; the full date and time (`YYYY-MM-DD HH:mm:ss`) where the day matters (hover titles,
 * custom ranges). The chart axes, the range bar, the widgets, the status notes and the chat use
 * these functions only.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** `HH:mm`, or `HH:mm:ss` with `seconds`, local time. */
export function formatClock(ms: number, options: { seconds?: boolean } = {}): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return options.seconds ? `${hm}:${pad(d.getSeconds())}` : hm;
}

/** `YYYY-MM-DD`, local date. */
export function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `YYYY-MM-DD HH:mm:ss`, local time. */
export function formatDateTime(ms: number): string {
  return `${formatDay(ms)} ${formatClock(ms, { seconds: true })}`;
}

/** Whether two instants fall on the same local day. */
export function sameDay(a: number, b: number): boolean {
  return formatDay(a) === formatDay(b);
}
