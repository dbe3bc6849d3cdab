import { rm } from 'node:fs/promises';

/** Removes the temporary database folder the config created for this run. */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.PULSEBOARD_E2E_DIR;
  if (dir?.includes('pulseboard-e2e-')) await rm(dir, { recursive: true, force: true });
}
