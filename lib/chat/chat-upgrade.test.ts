import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { CloseCode } from '@/lib/protocol';
import { closeOnSessionEnd, parseJoin } from './chat-upgrade';

const join = (query: string) => parseJoin(new URLSearchParams(query));

describe('parseJoin', () => {
  it('assigns a guest name when none is given', () => {
    expect(join('')).toEqual({ name: expect.stringMatching(/^guest-[a-z0-9]{1,4}$/) });
  });

  it('reads name and since', () => {
    expect(join('name=%20ada%20&since=12')).toEqual({ name: 'ada', since: 12 });
  });

  it.each([`name=${'x'.repeat(33)}`, 'name=a%0Ab', 'since=abc', 'since=-1', 'name=a&name=b'])(
    'refuses %s with a sentence',
    (query) => {
      expect(typeof join(query)).toBe('string');
    },
  );

  it('reads an identity key of 8 to 64 URL-safe characters', () => {
    expect(join(`name=ada&key=${'k'.repeat(8)}`)).toEqual({ name: 'ada', key: 'kkkkkkkk' });
    expect(join(`name=ada&key=A-z_${'9'.repeat(60)}`)).toMatchObject({ key: expect.any(String) });
  });

  it.each([
    ['key=short77', 'key must be 8 to 64 characters, got 7'],
    [`key=${'k'.repeat(65)}`, 'key must be 8 to 64 characters, got 65'],
    ['key=abcdefg%2B', 'key may hold only the URL-safe characters A-Z a-z 0-9 - _'],
    ['key=abcdefgh&key=abcdefgh', 'name, since, key and read may each be given once'],
    ['read=yes', 'read must be 1 (watch the chat without a name) when given'],
  ])('refuses %s: %s', (query, sentence) => {
    expect(join(`name=ada&${query}`)).toBe(sentence);
  });

  it.each([
    ['room=general', 'general'],
    ['room=ops', 'ops'],
    [`room=${'a'.repeat(48)}`, 'a'.repeat(48)],
  ])('reads %s', (query, room) => {
    expect(join(`name=ada&${query}`)).toEqual({ name: 'ada', room });
  });

  it('leaves room out when none is given (general)', () => {
    expect(join('name=ada')).not.toHaveProperty('room');
  });

  const badRoom =
    'room must be "general" or a board slug (lowercase letters, digits and single dashes, at most 48)';
  it.each([
    ['room=', badRoom],
    ['room=Ops', badRoom],
    ['room=a_b', badRoom],
    ['room=a--b', badRoom],
    [`room=${'a'.repeat(49)}`, badRoom],
    ['room=ops&room=ops', 'room may be given once'],
  ])('refuses %s: %s', (query, sentence) => {
    expect(join(`name=ada&${query}`)).toBe(sentence);
  });

  it('joins a reader (read=1) without a name', () => {
    expect(join('name=ada&read=1')).toEqual({ name: '', reader: true });
  });

  it('names a refused character of the name by its code point', () => {
    expect(join('name=ada%E2%80%AE')).toBe(
      'name: U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control) at character 4 is not allowed',
    );
  });
});

describe('closeOnSessionEnd', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Just what closeOnSessionEnd uses of a ws socket. */
  class FakeSocket extends EventEmitter {
    closedWith: [number, string] | undefined;
    close(code: number, reason: string) {
      this.closedWith = [code, reason];
      this.emit('close', code);
    }
  }

  it('closes the socket with 4401 at the expiry and leaves no timer', () => {
    vi.useFakeTimers();
    const ws = new FakeSocket();
    closeOnSessionEnd(ws as unknown as WebSocket, { exp: Date.now() + 500 });

    vi.advanceTimersByTime(499);
    expect(ws.closedWith).toBeUndefined();
    vi.advanceTimersByTime(1);

    expect(ws.closedWith).toEqual([CloseCode.SessionExpired, 'session expired']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears its timer when the socket closes first', () => {
    vi.useFakeTimers();
    const ws = new FakeSocket();
    closeOnSessionEnd(ws as unknown as WebSocket, { exp: Date.now() + 500 });
    expect(vi.getTimerCount()).toBe(1);

    ws.emit('close', 1000);

    expect(vi.getTimerCount()).toBe(0);
  });

  it("closes the socket with 4401 and the session's reason when the session is revoked", () => {
    const ws = new FakeSocket();
    let end: ((reason: string) => void) | undefined;
    let watching = false;
    closeOnSessionEnd(ws as unknown as WebSocket, {
      exp: Date.now() + 60_000,
      watch: (onEnd) => {
        end = onEnd;
        watching = true;
        return () => {
          watching = false;
        };
      },
    });

    end?.('session revoked');

    expect(ws.closedWith).toEqual([CloseCode.SessionExpired, 'session revoked']);
    expect(watching).toBe(false);
  });
});
