/**
 * Id of the line widget a series gets when placed from the "Unplaced series" drawer (and of
 * those the collector's series get on a new install, and the automatic widgets of older
 * versions): `d-<key>` for a series without labels (as before labels, so links to them keep
 * working); for a labelled key, which holds characters an id may not (WIDGET_ID_PATTERN),
 * `d-<metric>.<hash of the key>`.
 */
export function defaultWidgetId(series: string): string {
  const brace = series.indexOf('{');
  if (brace === -1) return `d-${series}`;
  return `d-${series.slice(0, brace)}.${keyHash(series)}`;
}

/** A 53-bit hash of a key (cyrb53), in base 36: at most 11 characters. */
function keyHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
