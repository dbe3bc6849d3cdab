import { describe, expect, it } from 'vitest';
import type { ChatResult } from './chat-scenario';
import { memorySection } from './report-targets';

function chat(target: string, clients: number, idleMiB: number, peakMiB: number): ChatResult {
  const memory = {
    idleKiB: idleMiB * 1024,
    peakKiB: peakMiB * 1024,
    endKiB: peakMiB * 1024,
    perConnectionKiB: ((peakMiB - idleMiB) * 1024) / clients,
    peakMethod: 'VmHWM' as const,
  };
  return { target, clients, opened: clients, memory } as unknown as ChatResult;
}

describe('memorySection', () => {
  const section = memorySection({
    sse: [],
    chat: [
      chat('baseline', 1000, 60, 80),
      chat('Pulseboard', 1000, 130, 160),
      chat('baseline', 5000, 60, 120),
      chat('Pulseboard', 5000, 132, 190),
    ],
  });

  it('gives idle, peak and per-connection figures with their ratios to the baseline', () => {
    expect(section).toContain(
      '| chat 1,000 | Pulseboard | 130.0 | 160.0 | 2.00x | 30.7 | 1.50x | 160.0 |',
    );
  });

  it('gives the growth per added connection between the smallest and largest size', () => {
    // ((190 − 132) − (160 − 130)) MiB / 4,000 sockets = 7.2 KiB (a server's own idle RSS is
    // taken out); the baseline: (60 − 20) / 4,000 = 10.2 KiB.
    expect(section).toContain('| chat 1,000 → 5,000 | Pulseboard | 7.2 | 0.70x |');
    expect(section).toContain('| chat 1,000 → 5,000 | baseline | 10.2 |  |');
  });
});
