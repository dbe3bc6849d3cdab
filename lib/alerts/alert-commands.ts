import type { ChatHookContext, PulseboardHooks } from '@/lib/hooks/hook-types';
import type { AlertView } from '@/lib/protocol';
import { GENERAL_ROOM, roomOfBoard } from './alert-chat';
import { formatDurationMs, parseDurationMs, SILENCE_MAX_MS } from './alert-duration';
import { ruleTitle } from './alert-message';

/** What the commands need of the alert engine (lib/alerts/alert-engine.ts). */
export type AlertCommandTarget = {
  views(): AlertView[];
  acknowledge(id: number, name: string): Promise<boolean>;
  silence(id: number, until: number): Promise<boolean>;
};

/**
 * The room a chat message was sent in. Today's ChatHookContext has no room: every message is
 * in `general`. When the chat gets rooms (ChatHookContext.room), this reads it: the one place
 * to adapt (docs/alerts.md#chat).
 */
export function roomOfContext(ctx: ChatHookContext): string {
  const room = (ctx as ChatHookContext & { room?: unknown }).room;
  return typeof room === 'string' && room !== '' ? room : GENERAL_ROOM;
}

/**
 * The chat commands of alerts, as an onMessage hook; each acts on the rules of the room it is
 * typed in (a board's room: that board's rules; `general`: rules without a board):
 * - `/alerts`: what fires here, answered to the sender only (a `message_rejected` error frame,
 *   the one private answer a hook has today; the lead may answer as the system author instead);
 * - `/ack <id>`: acknowledges a firing rule in the sender's name (stored, shown on the alert);
 *   the message is kept, rewritten `acknowledged <rule> (#<id>)`, so the room sees who did;
 * - `/silence <id> <duration>` (`90s`, `15m`, `2h`, `1d`, at most 7 days): no notification of
 *   that rule until then; kept as `silenced <rule> (#<id>) for <duration>`.
 * A bad command is refused with a sentence (nothing stored).
 */
export function alertCommands(
  engine: AlertCommandTarget,
  clock: () => number = Date.now,
): PulseboardHooks {
  return {
    name: 'alert-commands',
    onMessage(ctx, { text }) {
      const [command, ...args] = text.trim().split(/\s+/);
      if (command !== '/alerts' && command !== '/ack' && command !== '/silence') return undefined;
      const room = roomOfContext(ctx);
      const here = engine.views().filter((v) => roomOfBoard(v.rule.board) === room);
      if (command === '/alerts') return { reject: describeFiring(here) };
      const id = Number(args[0]);
      const view = here.find((v) => v.rule.id === id);
      if (!view)
        return { reject: `there is no alert #${args[0] ?? ''} in this room: /alerts lists them` };
      if (command === '/ack') {
        if (args.length !== 1) return { reject: 'acknowledge an alert with /ack <id>' };
        if (view.status !== 'firing')
          return { reject: `alert #${id} is ${view.status}, not firing` };
        void engine.acknowledge(id, ctx.name);
        return { text: `acknowledged ${ruleTitle(view.rule)} (#${id})` };
      }
      const ms = args.length === 2 ? parseDurationMs(args[1] ?? '') : undefined;
      if (ms === undefined || ms > SILENCE_MAX_MS) {
        return {
          reject: 'silence an alert with /silence <id> <duration>: 90s, 15m, 2h or 1d, at most 7d',
        };
      }
      void engine.silence(id, clock() + ms);
      return { text: `silenced ${ruleTitle(view.rule)} (#${id}) for ${formatDurationMs(ms)}` };
    },
  };
}

/** `/alerts`'s answer: the firing rules of the room, or that none fires. */
export function describeFiring(views: readonly AlertView[]): string {
  const firing = views.filter((v) => v.status === 'firing');
  if (firing.length === 0) return 'nothing is firing in this room';
  const lines = firing.map((v) => {
    const acked = v.ackedBy ? `, acknowledged by ${v.ackedBy}` : '';
    const silenced = v.silencedUntil
      ? `, silenced until ${new Date(v.silencedUntil).toISOString()}`
      : '';
    return `#${v.rule.id} [${v.rule.severity}] ${ruleTitle(v.rule)} since ${new Date(v.since).toISOString()}${acked}${silenced}`;
  });
  return `firing: ${lines.join('; ')}`;
}
