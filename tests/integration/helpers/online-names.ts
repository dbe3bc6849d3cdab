import type { ServerFrame } from '@/lib/protocol';
import type { ChatClient } from './chat-client';

/** The online names `client` knows: its welcome's list with every presence frame applied. */
export function onlineOf(client: ChatClient): Set<string> {
  const online = new Set(client.welcome.online);
  for (const frame of client.log.items as ServerFrame[]) {
    if (frame.type !== 'presence') continue;
    for (const name of frame.joined) online.add(name);
    for (const name of frame.left) online.delete(name);
  }
  return online;
}

/**
 * Waits until `test` holds for `client`'s online names, each presence frame at most `waitMs`
 * away; resolves with the time it took, in ms (for the log: never asserted).
 */
export async function untilOnline(
  client: ChatClient,
  test: (online: Set<string>) => boolean,
  waitMs: number,
): Promise<number> {
  const started = performance.now();
  while (!test(onlineOf(client))) await client.next('presence', waitMs);
  return Math.round(performance.now() - started);
}
