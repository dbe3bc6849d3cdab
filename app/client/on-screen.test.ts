import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for the browser's IntersectionObserver that records what it was given. */
class FakeObserver {
  static made: FakeObserver[] = [];
  readonly observed = new Set<Element>();
  constructor(
    readonly callback: (entries: { target: Element; isIntersecting: boolean }[]) => void,
    readonly options: { rootMargin?: string },
  ) {
    FakeObserver.made.push(this);
  }
  observe(el: Element) {
    this.observed.add(el);
  }
  unobserve(el: Element) {
    this.observed.delete(el);
  }
  report(target: Element, isIntersecting: boolean) {
    this.callback([{ target, isIntersecting }]);
  }
}

const element = () => ({}) as Element;

async function freshModule() {
  vi.resetModules();
  return import('./on-screen');
}

describe('watchOnScreen', () => {
  beforeEach(() => {
    FakeObserver.made = [];
    vi.stubGlobal('IntersectionObserver', FakeObserver);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('serves every element from one observer with the margin, each told of its own changes', async () => {
    const { watchOnScreen, ON_SCREEN_MARGIN } = await freshModule();
    const [a, b] = [element(), element()];
    const seenA: boolean[] = [];
    const seenB: boolean[] = [];
    watchOnScreen(a, (on) => seenA.push(on));
    watchOnScreen(b, (on) => seenB.push(on));
    expect(FakeObserver.made).toHaveLength(1);
    const observer = FakeObserver.made[0] as FakeObserver;
    expect(observer.options.rootMargin).toBe(ON_SCREEN_MARGIN);
    observer.report(a, false);
    observer.report(b, true);
    observer.report(a, true);
    expect([seenA, seenB]).toEqual([[false, true], [true]]);
  });

  it('stops telling an element once its watch is stopped, and unobserves it', async () => {
    const { watchOnScreen } = await freshModule();
    const a = element();
    const seen: boolean[] = [];
    const stop = watchOnScreen(a, (on) => seen.push(on));
    const observer = FakeObserver.made[0] as FakeObserver;
    stop();
    observer.report(a, true);
    expect(seen).toEqual([]);
    expect(observer.observed.has(a)).toBe(false);
  });

  it('counts everything as on screen where IntersectionObserver does not exist', async () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    const { watchOnScreen } = await freshModule();
    const seen: boolean[] = [];
    watchOnScreen(element(), (on) => seen.push(on));
    expect(seen).toEqual([true]);
  });
});
