import { z } from 'zod';
import { parseChatName } from '@/lib/protocol';

/** Session lifetime when AUTH_SESSION_TTL_S is unset, in seconds (12 h). */
export const SESSION_TTL_DEFAULT_S = 12 * 60 * 60;
/** Shortest session lifetime AUTH_SESSION_TTL_S accepts, in seconds (small values are for tests). */
export const SESSION_TTL_MIN_S = 1;
/** Longest session lifetime AUTH_SESSION_TTL_S accepts, in seconds (7 days; fits one timer). */
export const SESSION_TTL_MAX_S = 7 * 24 * 60 * 60;

/**
 * Default SESSION_REVOCATION_MAX_LAG_MS, in milliseconds: how long a session revoked by another
 * process or instance (the operator's `pulseboard sessions end-all`) may still be accepted here.
 */
export const SESSION_REVOCATION_MAX_LAG_DEFAULT_MS = 1000;
/** Smallest SESSION_REVOCATION_MAX_LAG_MS accepted, in milliseconds (one tiny read per poll). */
export const SESSION_REVOCATION_MAX_LAG_MIN_MS = 50;
/** Largest SESSION_REVOCATION_MAX_LAG_MS accepted, in milliseconds (5 minutes). */
export const SESSION_REVOCATION_MAX_LAG_MAX_MS = 300_000;

/** Refuses AUTH_PASSWORD and AUTH_USERS together (a zod refinement of the whole env). */
export function onePasswordSetting(
  env: { AUTH_PASSWORD?: string | undefined; AUTH_USERS?: AuthUser[] | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.AUTH_PASSWORD !== undefined && env.AUTH_USERS !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_USERS'],
      message: 'set AUTH_PASSWORD or AUTH_USERS, not both',
    });
  }
}

/** One configured user: the chat name and the password bound to it. */
export type AuthUser = { name: string; password: string };

/**
 * `AUTH_USERS`: `name:password,name2:password2`. A name is a valid chat name without `:` or `,`;
 * the password is everything after the first `:` up to the next `,` and must not be empty.
 */
export const authUsersSchema = z
  .string()
  .optional()
  .transform((raw, ctx): AuthUser[] | undefined => {
    if (raw === undefined || raw.trim() === '') return undefined;
    const users: AuthUser[] = [];
    for (const entry of raw.split(',')) {
      const problem = parseUser(entry.trim(), users);
      if (typeof problem === 'string') {
        ctx.addIssue({ code: 'custom', message: problem });
        return undefined;
      }
      users.push(problem);
    }
    return users;
  });

function parseUser(entry: string, seen: readonly AuthUser[]): AuthUser | string {
  const colon = entry.indexOf(':');
  if (colon < 0) return `"${entry.slice(0, 40)}" is not name:password`;
  const parsed = parseChatName(entry.slice(0, colon));
  const password = entry.slice(colon + 1);
  // The refused name itself is not echoed: it may carry the very characters refused.
  if (!parsed.ok) return `a user name is refused: ${parsed.message}`;
  const name = parsed.name;
  if (password === '') return `user ${name} has an empty password`;
  if (seen.some((u) => u.name === name)) return `user ${name} is listed twice`;
  return { name, password };
}
