import { describe, expect, it } from 'vitest';
import {
  CHAT_FLOOD_DROPPED_FRAMES_MAX,
  CHAT_RATE_BURST_FRAMES,
  CHAT_RATE_REFILL_FRAMES_PER_S,
  RateLimiter,
} from './rate-limiter';

function limiterAt() {
  const clock = { now: 0 };
  return { clock, limiter: new RateLimiter(() => clock.now) };
}

describe('RateLimiter', () => {
  it('allows exactly a burst, then limits', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < CHAT_RATE_BURST_FRAMES; i++) expect(limiter.take()).toBe('ok');
    expect(limiter.take()).toBe('limited');
    expect(limiter.dropped).toBe(1);
  });

  it('calls it a flood after CHAT_FLOOD_DROPPED_FRAMES_MAX dropped frames', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < CHAT_RATE_BURST_FRAMES; i++) limiter.take();
    for (let i = 0; i < CHAT_FLOOD_DROPPED_FRAMES_MAX; i++) expect(limiter.take()).toBe('limited');
    expect(limiter.take()).toBe('flood');
  });

  it('earns frames back at the refill rate', () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < CHAT_RATE_BURST_FRAMES; i++) limiter.take();
    clock.now += 1000 / CHAT_RATE_REFILL_FRAMES_PER_S;
    expect(limiter.take()).toBe('ok');
    expect(limiter.take()).toBe('limited');
  });

  it('forgives dropped frames once the sender has been quiet long enough to refill', () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < CHAT_RATE_BURST_FRAMES + 5; i++) limiter.take();
    clock.now += (CHAT_RATE_BURST_FRAMES / CHAT_RATE_REFILL_FRAMES_PER_S) * 1000;
    expect(limiter.take()).toBe('ok');
    expect(limiter.dropped).toBe(0);
  });

  it('never closes a sender that stays at the refill rate', () => {
    const { clock, limiter } = limiterAt();
    for (let i = 0; i < 1000; i++) {
      clock.now += 1000 / CHAT_RATE_REFILL_FRAMES_PER_S;
      expect(limiter.take()).toBe('ok');
    }
  });
});
