import type { LayoutHistory } from '@/lib/protocol';
import { type SaveResult, writeLayout } from './layout-client';

/** The kept versions of the layout at `layoutUrl` (`GET <layoutUrl>/history`); undefined when unreadable. */
export async function fetchLayoutHistory(layoutUrl: string): Promise<LayoutHistory | undefined> {
  try {
    const response = await fetch(`${layoutUrl}/history`, { cache: 'no-store' });
    const body = (await response.json()) as LayoutHistory;
    return response.ok && Array.isArray(body?.versions) ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Saves version `version`'s widgets as a new version of the layout at `layoutUrl`
 * (`POST <layoutUrl>/history/restore`), based on `baseVersion`.
 */
export function restoreLayoutVersion(
  layoutUrl: string,
  version: number,
  baseVersion: number,
): Promise<SaveResult> {
  return writeLayout(`${layoutUrl}/history/restore`, 'POST', { version, baseVersion });
}
