import type { Layout, LayoutHistory } from '@/lib/protocol';
import { isLayout, type SaveResult } from './layout-client';

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
export async function restoreLayoutVersion(
  layoutUrl: string,
  version: number,
  baseVersion: number,
): Promise<SaveResult> {
  try {
    const response = await fetch(`${layoutUrl}/history/restore`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ version, baseVersion }),
    });
    const body: unknown = await response.json();
    if (response.ok && isLayout(body)) return { ok: true, layout: body as Layout };
    const message =
      (body as { error?: { message?: string } })?.error?.message ?? `HTTP ${response.status}`;
    return { ok: false, conflict: response.status === 409, message };
  } catch (error) {
    return {
      ok: false,
      conflict: false,
      message: error instanceof Error ? error.message : 'network error',
    };
  }
}
