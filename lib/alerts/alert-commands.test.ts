import { describe, expect, it, vi } from 'vitest';
import type { ChatHookContext } from '@/lib/hooks/hook-types';
import type { AlertView } from '@/lib/protocol';
import { alertCommands, roomOfContext } from './alert-commands';

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

function setup(room?: string) {
  const engine = {
    views: () => [view(1, 'firing'), view(2, 'ok'), view(3, 'firing', 'web')],
    acknowledge: vi.fn(async () => true),
    silence: vi.fn(async () => true),
  };
  const hook = alertCommands(engine, () => 1_000);
  const ctx = {
    connectionId: 'c1',
    name: 'ada',
    remoteAddress: undefined,
    send: () => {},
    ...(room ? { room } : {}),
  } as ChatHookContext;
  const say = (text: string) => hook.onMessage?.(ctx, { text });
  return { engine, say };
}

describe('alertCommands', () => {
  it('leaves other messages alone', () => {
    expect(setup().say('hello /alerts')).toBeUndefined();
    expect(setup().say('/alertsx')).toBeUndefined();
  });

  it('/alerts answers the sender with what fires in the room (general: rules without a board)', () => {
    const answer = setup().say('/alerts');
    expect(answer).toEqual({ reject: expect.stringContaining('#1 [critical] rule 1') });
    expect(JSON.stringify(answer)).toContain('acknowledged by bob');
    expect(JSON.stringify(answer)).not.toContain('#3');
    expect(setup('web').say('/alerts')).toEqual({ reject: expect.stringMatching(/^firing: #3 /) });
    expect(setup('db').say('/alerts')).toEqual({ reject: 'nothing is firing in this room' });
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

  it('reads the room from the context when the chat has rooms, else general', () => {
    const ctx = { connectionId: 'c', name: 'a', remoteAddress: undefined, send: () => {} };
    expect(roomOfContext(ctx)).toBe('general');
    expect(roomOfContext({ ...ctx, room: 'web' } as ChatHookContext)).toBe('web');
  });
});
