import { describe, expect, it } from 'vitest';
import { MessageRate } from './message-rate';

describe('MessageRate', () => {
  it('counts events of the last minute and forgets older ones', () => {
    const clock = { now: 1_000_000 };
    const rate = new MessageRate(() => clock.now);
    rate.record();
    clock.now += 30_000;
    rate.record();
    rate.record();
    expect(rate.count()).toBe(3);
    clock.now += 30_000;
    expect(rate.count()).toBe(2);
    clock.now += 600_000;
    expect(rate.count()).toBe(0);
  });
});
