import { describe, expect, it } from 'vitest';
import type { Widget } from '@/lib/protocol';
import { matchesBoardFilter } from './board-filter';

const w: Widget = {
  id: 'p',
  series: 'http_latency:p50{job="api"}',
  extraSeries: ['http_latency:p99{job="api"}'],
  names: ['median'],
  title: 'API latency',
  section: 'Web',
  kind: 'line',
  size: 'm',
};

describe('matchesBoardFilter', () => {
  it.each([
    ['', true],
    ['latency', true],
    ['LATENCY api', true],
    ['p99', true],
    ['median', true],
    ['web', true],
    ['job="api"', true],
    ['latency db', false],
    ['cpu', false],
  ])('%j -> %s', (text, expected) => {
    expect(matchesBoardFilter(w, text)).toBe(expected);
  });
});
