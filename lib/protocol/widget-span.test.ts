import { describe, expect, it } from 'vitest';
import { resizedSpan, WIDGET_COLS_MAX, WIDGET_ROWS_MAX, widgetSpan } from './widget-span';

describe('widgetSpan', () => {
  it('takes w and h when set, else derives them from the size', () => {
    expect(widgetSpan({ size: 'm' })).toEqual({ w: 1, h: 1 });
    expect(widgetSpan({ size: 's' })).toEqual({ w: 1, h: 1 });
    expect(widgetSpan({ size: 'l' })).toEqual({ w: WIDGET_COLS_MAX, h: 1 });
    expect(widgetSpan({ size: 'l', w: 2, h: 3 })).toEqual({ w: 2, h: 3 });
  });
});

describe('resizedSpan', () => {
  it('grows and shrinks within 1..max in both directions', () => {
    expect(resizedSpan({ w: 1, h: 1 }, 1, 1)).toEqual({ w: 2, h: 2 });
    expect(resizedSpan({ w: 1, h: 1 }, -1, -1)).toEqual({ w: 1, h: 1 });
    expect(resizedSpan({ w: WIDGET_COLS_MAX, h: WIDGET_ROWS_MAX }, 1, 1)).toEqual({
      w: WIDGET_COLS_MAX,
      h: WIDGET_ROWS_MAX,
    });
    expect(resizedSpan({ w: 2, h: 2 }, 10, -10)).toEqual({ w: WIDGET_COLS_MAX, h: 1 });
  });
});
