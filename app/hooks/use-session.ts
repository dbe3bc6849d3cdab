'use client';

import { useEffect, useState } from 'react';
import { SESSION_PATH } from './session-guard';

/** The signed-in user (access control on), from `GET /api/session`. */
export type SessionInfo = { name: string; expiresAt: number };

/** The current session, or null when there is none (or access control is off). */
export function useSession(): SessionInfo | null {
  const [session, setSession] = useState<SessionInfo | null>(null);
  useEffect(() => {
    let active = true;
    fetch(SESSION_PATH, { cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<SessionInfo>) : null))
      .then((info) => {
        if (active && info && typeof info.name === 'string') setSession(info);
      })
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, []);
  return session;
}
