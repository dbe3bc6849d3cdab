import { describe, expect, it } from 'vitest';
import { parseDashboardLink } from './dashboard-link';
import { shareText } from './share-text';

const widget = { id: 'w-cpu', series: 'cpu.percent', kind: 'gauge', size: 'm' } as const;

describe('shareText', () => {
  it('links the widget at the range of the URL, replacing any other widget', () => {
    expect(shareText(widget, '?range=1h&widget=other')).toBe(
      '📈 cpu.percent (last 1h): /?range=1h&widget=w-cpu',
    );
  });

  it('defaults to 5m and keeps a custom range, and its link parses back', () => {
    expect(shareText(widget, '')).toBe('📈 cpu.percent (last 5m): /?range=5m&widget=w-cpu');
    const text = shareText(widget, '?from=1000&to=2000');
    const link = text.split(' ').at(-1) ?? '';
    expect(parseDashboardLink(link)).toEqual({ from: 1000, to: 2000, widget: 'w-cpu' });
  });
});
