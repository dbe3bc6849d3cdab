import { describe, expect, it } from 'vitest';
import { notRestored } from './layout-history-panel';

describe('notRestored', () => {
  it('after a 409 says the board changed meanwhile and how to restore over it', () => {
    const text = notRestored(3, { ok: false, conflict: true, message: 'reload it' });
    expect(text).toContain('changed meanwhile');
    expect(text).toContain('Restore version 3 again');
    expect(text).not.toContain('reload');
  });

  it("otherwise gives the server's message", () => {
    expect(notRestored(3, { ok: false, conflict: false, message: 'version 3 is not kept' })).toBe(
      'Not restored: version 3 is not kept',
    );
  });
});
