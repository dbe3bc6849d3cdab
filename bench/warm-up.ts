import { ChatClient } from './chat-client';
import { withTimeout } from './clock';
import { postSamples } from './ingest-client';
import { SseClient } from './sse-client';

/** Longest a warm-up request may take, in milliseconds. */
export const WARM_UP_TIMEOUT_MS = 30_000;
/** Series of the warm-up sample (never a marker). */
export const WARM_UP_SERIES = 'bench.warmup';

/**
 * Loads every code path once before the idle reading (Next loads route modules on their first
 * request): one ingest and one stream opened and closed.
 */
export async function warmUpStream(baseUrl: string): Promise<void> {
  const post = await postSamples(baseUrl, [{ series: WARM_UP_SERIES, value: 0 }]);
  if (post.error) throw new Error(`warm-up ingest failed: ${post.error}`);
  let client: SseClient | undefined;
  try {
    await withTimeout(
      new Promise<void>((resolve) => {
        client = new SseClient(new URL('/api/stream', baseUrl), '127.0.0.1', [], () => resolve());
      }),
      WARM_UP_TIMEOUT_MS,
      'warm-up stream',
    );
  } finally {
    client?.close();
  }
}

/** Opens one chat socket, waits for its welcome, and closes it. */
export async function warmUpChat(wsUrl: string): Promise<void> {
  let client: ChatClient | undefined;
  try {
    await withTimeout(
      new Promise<void>((resolve) => {
        const url = new URL(wsUrl);
        url.searchParams.set('name', 'warmup');
        client = new ChatClient(url, -1, '127.0.0.1', () => resolve());
      }),
      WARM_UP_TIMEOUT_MS,
      'warm-up chat socket',
    );
  } finally {
    client?.close();
  }
}
