import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamEvent } from '@/lib/protocol';
import { annotationsSource, followAnnotations } from './annotations-source';
import { FakeEventSource, fakeStreamBrowser, restoreStreamBrowser } from './browser-sockets.fake';
import { SeriesStore } from './series-store';
import { SharedStream } from './shared-stream';
import { FakeTabWorld } from './tab-platform.fake';

const visiblePage = { visible: () => true, onChange: () => () => {}, onLeave: () => () => {} };
const settle = () => vi.advanceTimersByTimeAsync(0);
const lastSource = () => FakeEventSource.instances.at(-1) as FakeEventSource;

let world: FakeTabWorld;
let tabs: SharedStream[];

/** A tab of the board page: its shared stream and the annotations its charts mark. */
function openBoardTab(id: string, board: string) {
  const shared = new SharedStream(new SeriesStore(), {
    platform: world.platform(id),
    page: visiblePage,
  });
  const annotations = annotationsSource();
  followAnnotations(shared.subscribeEvent, annotations, board);
  shared.start();
  tabs.push(shared);
  return { shared, annotations };
}

beforeEach(() => {
  fakeStreamBrowser();
  world = new FakeTabWorld();
  tabs = [];
});
afterEach(() => {
  for (const t of tabs) t.stop();
  restoreStreamBrowser();
});

describe('event: annotation across the tabs of a board', () => {
  it("reaches the leader's and a follower's charts from the one stream, only the board's own and global ones", async () => {
    const leader = openBoardTab('a', 'web');
    await settle();
    const follower = openBoardTab('b', 'web');
    await settle();
    expect([leader.shared.leading, follower.shared.leading]).toEqual([true, false]);
    lastSource().open();
    lastSource().emit(StreamEvent.Annotation, { id: 1, ts: 10, text: 'deploy', board: null });
    lastSource().emit(StreamEvent.Annotation, { id: 2, ts: 20, text: 'db', board: 'db' });
    lastSource().emit(StreamEvent.Annotation, { id: 3, ts: 30, text: 'web', board: 'web' });
    await settle();
    expect(FakeEventSource.instances).toHaveLength(1);
    for (const tab of [leader, follower]) {
      expect(tab.annotations.get().map((a) => a.id)).toEqual([1, 3]);
    }
  });
});
