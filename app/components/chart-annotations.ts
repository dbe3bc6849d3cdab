import type uPlot from 'uplot';
import type { Annotation } from '@/lib/protocol';

/** The class of the layer holding a chart's annotation markers (inside uPlot's `over`). */
const LAYER_CLASS = 'chart-annotations';

/**
 * A uPlot `draw` hook marking each annotation in view: a thin vertical marker at its time in
 * the chart's overlay, with its text on hover (`title`) and for assistive tech (`aria-label`).
 * Markers are DOM elements, redrawn on every draw (so they follow the axis).
 */
export function drawAnnotations(list: () => readonly Annotation[]): (plot: uPlot) => void {
  return (plot) => {
    const over = plot.over;
    let layer = over.querySelector<HTMLElement>(`.${LAYER_CLASS}`);
    if (!layer) {
      layer = document.createElement('div');
      layer.className = LAYER_CLASS;
      over.append(layer);
    }
    const { min, max } = plot.scales.x ?? {};
    const markers: HTMLElement[] = [];
    for (const annotation of list()) {
      const s = annotation.ts / 1000;
      if (min == null || max == null || s < min || s > max) continue;
      const marker = document.createElement('span');
      marker.className = 'chart-annotation';
      marker.style.left = `${plot.valToPos(s, 'x')}px`;
      marker.title = annotation.text;
      marker.setAttribute('role', 'note');
      marker.setAttribute('aria-label', `Annotation: ${annotation.text}`);
      marker.dataset.testid = 'annotation-marker';
      marker.dataset.ts = String(annotation.ts);
      markers.push(marker);
    }
    layer.replaceChildren(...markers);
  };
}
