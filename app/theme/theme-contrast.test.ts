import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio, TEXT_CONTRAST_MIN_RATIO, UI_CONTRAST_MIN_RATIO } from './contrast';

const css = readFileSync(path.join(import.meta.dirname, '..', 'globals.css'), 'utf8');

/** The custom properties declared in the first block that opens with `selector {`. */
function palette(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`No block "${selector}" in globals.css`);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries(
    [...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], (m[2] ?? '').trim()]),
  );
}

const PALETTES = {
  dark: palette(':root,\n:root[data-theme="dark"]'),
  light: palette(':root[data-theme="light"]'),
};

/** [foreground, background, least ratio]: every pair the page draws that carries meaning. */
const PAIRS: [string, string, number][] = [
  ...['--bg', '--panel', '--panel-raised'].flatMap((bg): [string, string, number][] => [
    ['--text', bg, TEXT_CONTRAST_MIN_RATIO],
    ['--muted', bg, TEXT_CONTRAST_MIN_RATIO],
    ['--accent', bg, TEXT_CONTRAST_MIN_RATIO],
    ['--bad', bg, TEXT_CONTRAST_MIN_RATIO],
    ['--focus', bg, UI_CONTRAST_MIN_RATIO],
    ['--field-border', bg, UI_CONTRAST_MIN_RATIO],
    ['--chart-axis', bg, TEXT_CONTRAST_MIN_RATIO],
  ]),
  ['--live', '--panel-raised', UI_CONTRAST_MIN_RATIO],
  ['--warn', '--panel-raised', UI_CONTRAST_MIN_RATIO],
  ['--on-accent', '--accent', TEXT_CONTRAST_MIN_RATIO],
  ['--chart-line', '--panel', UI_CONTRAST_MIN_RATIO],
];

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself, in either order', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#4cc2ff', '#4cc2ff')).toBe(1);
  });

  it('tells #767676 on white (4.54, passes) from #777777 (4.48, fails)', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(TEXT_CONTRAST_MIN_RATIO);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(TEXT_CONTRAST_MIN_RATIO);
  });

  it('refuses colours it cannot measure', () => {
    expect(() => contrastRatio('rgba(0,0,0,0.1)', '#ffffff')).toThrow(TypeError);
  });
});

describe.each(Object.entries(PALETTES))('the %s palette', (_name, colours) => {
  it.each(PAIRS)('%s on %s reaches %d:1', (fg, bg, min) => {
    const [a, b] = [colours[fg], colours[bg]];
    expect(a, fg).toBeDefined();
    expect(b, bg).toBeDefined();
    expect(contrastRatio(a as string, b as string)).toBeGreaterThanOrEqual(min);
  });
});

describe('the system light palette', () => {
  it('is the same as the explicit light palette', () => {
    expect(palette('  :root:not([data-theme="dark"])')).toEqual(PALETTES.light);
  });

  it('declares the same properties as the dark palette', () => {
    expect(Object.keys(PALETTES.light).sort()).toEqual(Object.keys(PALETTES.dark).sort());
  });
});
