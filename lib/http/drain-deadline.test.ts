import { describe, expect, it } from 'vitest';
import { DrainDeadline } from './drain-deadline';

describe('DrainDeadline', () => {
  it('runs each waiting listener once when it passes, and forgets them', () => {
    const deadline = new DrainDeadline();
    const calls: string[] = [];
    deadline.onPass(() => calls.push('a'));
    const forget = deadline.onPass(() => calls.push('b'));
    forget();
    deadline.pass();
    deadline.pass();
    expect(calls).toEqual(['a']);
    expect(deadline.passed).toBe(true);
    expect(deadline.waiting).toBe(0);
  });
});
