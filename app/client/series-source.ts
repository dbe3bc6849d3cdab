import type { SeriesInfo } from '@/lib/protocol';
import type { SeriesBuffer } from './series-buffer';

/**
 * What widgets draw from: the live SeriesStore (the default five-minute view) or a RangeView
 * (any other range). Read outside React renders; only the list is React state.
 */
export interface SeriesSource {
  get(name: string): SeriesBuffer | undefined;
  subscribeSeries(name: string, listener: () => void): () => void;
  list(): readonly SeriesInfo[];
  subscribeList(listener: () => void): () => void;
}
