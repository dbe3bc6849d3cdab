/** WCAG 2.1 AA: least contrast of normal text against its background. */
export const TEXT_CONTRAST_MIN_RATIO = 4.5;
/** WCAG 2.1 AA: least contrast of large text and of UI parts (borders, focus ring). */
export const UI_CONTRAST_MIN_RATIO = 3;

/** WCAG relative luminance of an opaque `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match) throw new TypeError(`Expected an opaque #rrggbb colour, got "${hex}".`);
  const [r, g, b] = match.slice(1).map((part) => {
    const c = Number.parseInt(part, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two opaque colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (hi + 0.05) / (lo + 0.05);
}
