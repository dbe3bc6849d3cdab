import { describe, expect, it } from 'vitest';
import { ReadyGate } from './ready-gate';

describe('ReadyGate', () => {
  it('holds work until it opens, then runs it in order; afterwards at once', async () => {
    const gate = new ReadyGate();
    const ran: string[] = [];
    const first = gate.after(() => ran.push('first'));
    const second = gate.after(() => ran.push('second'));
    await Promise.resolve();
    expect(ran).toEqual([]);
    gate.open();
    await Promise.all([first, second]);
    expect(ran).toEqual(['first', 'second']);
    expect(gate.after(() => 'now')).toBe('now');
    expect(gate.isOpen).toBe(true);
  });
});
