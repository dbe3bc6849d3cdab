import { describe, expect, it, vi } from 'vitest';
import type { ChatHookContext } from '@/lib/hooks/hook-types';
import type { AlertView } from '@/lib/protocol';
import { alertCommands } from './alert-commands';

const view = (id: number, status: AlertView['status'], board?: string): AlertView => ({
  rule: {
    id,
    series: 'cpu',
    condition: 'above',
    threshold: 90,
    forMs: 0,
    severity: 'critical',
    name: `rule ${id}`,
    ...(board ? { board } : {}),
  },
  status,
  since: 0,
  value: 95,
  ackedBy: id === 1 ? 'bob' : null,
  silencedUntil: null,
});

function setup(room = 'general') {
  const engine = {
    views: () => [view(1, 'firing'), view(2, 'ok'), view(3, 'firing', 'web')],
    acknowledge: vi.fn(async () => true),
    silence: vi.fn(async () => true),
  };
  const hook = alertCommands(engine, () => 1_000);
  const answers: string[] = [];
  const ctx: ChatHookContext = {
    connectionId: 'c1',
    name: 'ada',
    remoteAddress: undefined,
    room,
    send: () => {},
    postSystem: async (text) => {
      answers.push(text);
      return { id: answers.length, name: 'Pulseboard', text, ts: 0, system: true };
    },
  };
  const say = (text: string) => hook.onMessage?.(ctx, { text });
  return { engine, say, answers };
}

describe('alertCommands', () => {
  it('leaves other messages alone', () => {
    expect(setup().say('hello /alerts')).toBeUndefined();
    expect(setup().say('/alertsx')).toBeUndefined();
  });

  it('/alerts is kept and answered in the room by the system author (general: rules without a board)', () => {
    const general = setup();
    expect(general.say('/alerts')).toBeUndefined();
    expect(general.answers).toEqual([expect.stringContaining('#1 [critical] rule 1')]);
    expect(general.answers[0]).toContain('acknowledged by bob');
    expect(general.answers[0]).not.toContain('#3');
    const web = setup('web');
    web.say('/alerts');
    expect(web.answers).toEqual([expect.stringMatching(/^firing: #3 /)]);
    const db = setup('db');
    db.say('/alerts');
    expect(db.answers).toEqual(['nothing is firing in this room']);
  });

  it("/ack <id> acknowledges a firing rule of the room in the sender's name", () => {
    const { engine, say } = setup();
    expect(say('/ack 1')).toEqual({ text: 'acknowledged rule 1 (#1)' });
    expect(engine.acknowledge).toHaveBeenCalledWith(1, 'ada');
    expect(say('/ack 2')).toEqual({ reject: 'alert #2 is ok, not firing' });
    expect(say('/ack 3')).toEqual({ reject: expect.stringContaining('no alert #3 in this room') });
    expect(say('/ack')).toEqual({ reject: expect.stringContaining('no alert #') });
    expect(engine.acknowledge).toHaveBeenCalledTimes(1);
  });

  it('/silence <id> <duration> silences until now + duration, at most 7 days', () => {
    const { engine, say } = setup('web');
    expect(say('/silence 3 2h')).toEqual({ text: 'silenced rule 3 (#3) for 2h' });
    expect(engine.silence).toHaveBeenCalledWith(3, 1_000 + 2 * 3_600_000);
    expect(say('/silence 3 7d')).toEqual({ text: 'silenced rule 3 (#3) for 7d' });
    for (const bad of ['/silence 3 8d', '/silence 3', '/silence 3 soon', '/silence 3 0m']) {
      expect(say(bad)).toEqual({ reject: expect.stringContaining('/silence <id> <duration>') });
    }
    expect(engine.silence).toHaveBeenCalledTimes(2);
  });
});
