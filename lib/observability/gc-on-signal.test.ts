import { describe, expect, it } from 'vitest';
import { GC_SIGNAL, installGcOnSignal } from './gc-on-signal';

describe('installGcOnSignal', () => {
  it('installs nothing without --expose-gc, so SIGUSR2 keeps its default', () => {
    const listeners = process.listenerCount(GC_SIGNAL);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
    expect(installGcOnSignal()).toBe(false);
    expect(process.listenerCount(GC_SIGNAL)).toBe(listeners);
  });
});
