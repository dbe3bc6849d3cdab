import { AppError } from '@/lib/errors';
import { defaultWidgetId, type Widget } from '@/lib/protocol';
import type { LayoutStore } from '@/lib/store/layout-store';

/**
 * A new install's default board: before anyone saved its layout (version 0), the collector's
 * own series are placed on it once, as line widgets under their default ids (`d-host.cpu`), and
 * saved as version 1, so a first visit shows live metrics. Nothing else is ever added by itself
 * (other series wait in the "Unplaced series" drawer), and a removed widget does not come back:
 * a board saved once is never seeded again. Of several instances starting together, one seeds
 * (the others' save is refused as based on an old version). Resolves whether it seeded.
 */
export async function seedDefaultBoard(
  store: LayoutStore,
  keys: readonly string[],
): Promise<boolean> {
  if (keys.length === 0 || (await store.get()).version !== 0) return false;
  const widgets = keys.map(
    (series): Widget => ({
      id: defaultWidgetId(series),
      series,
      kind: 'line',
      size: 'm',
    }),
  );
  try {
    await store.put(0, widgets);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return false;
    throw error;
  }
}
