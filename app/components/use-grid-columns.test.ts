import { describe, expect, it } from 'vitest';
import { columnsFor, GRID_COLUMN_MIN_PX } from './use-grid-columns';

describe('columnsFor', () => {
  it(`fits columns of at least ${GRID_COLUMN_MIN_PX}px with their gaps, at least one`, () => {
    expect(columnsFor(370, 10)).toBe(1);
    expect(columnsFor(100, 10)).toBe(1);
    expect(columnsFor(2 * GRID_COLUMN_MIN_PX + 16, 16)).toBe(2);
    expect(columnsFor(2 * GRID_COLUMN_MIN_PX + 15, 16)).toBe(1);
    expect(columnsFor(892, 16)).toBe(3);
  });
});
