import type { Widget } from '../lib/protocol';

/** The demo series the screenshots push (besides the collector's own). */
export const DEMO_SERIES = [
  { series: 'app.requests', unit: '/s', at: (t: number) => 220 + 60 * Math.sin(t / 40) },
  { series: 'app.latency.p95', unit: 'ms', at: (t: number) => 85 + 25 * Math.sin(t / 17) ** 2 },
  {
    series: 'app.queue.depth',
    unit: 'jobs',
    at: (t: number) => Math.round(12 + 9 * Math.cos(t / 23)),
  },
];

/**
 * A board that shows every widget kind: a stat with its sparkline past its warning threshold, a
 * gauge, a line chart two columns wide, and some of the collector's series (the others wait in
 * the "Unplaced series" drawer).
 */
export const DEMO_LAYOUT: Widget[] = [
  { id: 'w-latency', series: 'app.latency.p95', kind: 'stat', size: 's', warn: 80, critical: 120 },
  {
    id: 'w-cpu',
    series: 'host.cpu',
    kind: 'gauge',
    size: 's',
    min: 0,
    max: 100,
    warn: 70,
    critical: 90,
  },
  { id: 'w-queue', series: 'app.queue.depth', kind: 'stat', size: 's' },
  { id: 'w-requests', series: 'app.requests', kind: 'line', size: 'm', w: 2 },
  { id: 'd-host.memory.used', series: 'host.memory.used', kind: 'line', size: 'm' },
  { id: 'd-server.rss', series: 'server.rss', kind: 'line', size: 'm' },
  { id: 'd-host.load1', series: 'host.load1', kind: 'line', size: 'm' },
  { id: 'd-server.eventloop.delay', series: 'server.eventloop.delay', kind: 'line', size: 'm' },
];

/** The pictures: file name (under docs/screenshots), theme, viewport and what is opened first. */
export const SHOTS = [
  { file: 'dashboard-light.png', theme: 'light', viewport: { width: 1280, height: 800 } },
  { file: 'dashboard-dark.png', theme: 'dark', viewport: { width: 1280, height: 800 } },
  {
    file: 'dashboard-editing.png',
    theme: 'light',
    viewport: { width: 1280, height: 800 },
    editing: true,
  },
  { file: 'dashboard-phone.png', theme: 'dark', viewport: { width: 390, height: 844 } },
] as const;
