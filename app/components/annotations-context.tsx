'use client';

import { createContext, useContext } from 'react';
import { type AnnotationsSource, NO_ANNOTATIONS } from '../client/annotations-source';

/** The board's annotations, for every chart on it. */
export const AnnotationsContext = createContext<AnnotationsSource>(NO_ANNOTATIONS);

/** The annotations the charts of this board mark. */
export function useAnnotationsSource(): AnnotationsSource {
  return useContext(AnnotationsContext);
}
