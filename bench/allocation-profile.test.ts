import { describe, expect, it } from 'vitest';
import { summariseAllocations } from './allocation-profile';
import { inspectorUrlIn } from './inspector-client';

const frame = (functionName: string, url: string, lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
});

describe('summariseAllocations', () => {
  it('sums sampled bytes by allocating function and by the innermost frame of our own code', () => {
    const head = {
      callFrame: frame('(root)', ''),
      selfSize: 0,
      children: [
        {
          callFrame: frame('onOpen', 'file:///app/dist/server.mjs', 9),
          selfSize: 100,
          children: [
            {
              callFrame: frame('send', 'file:///app/node_modules/ws/lib/sender.js', 4),
              selfSize: 40,
              children: [],
            },
          ],
        },
        { callFrame: frame('Socket', 'node:net', 358), selfSize: 7, children: [] },
      ],
    };

    const profile = summariseAllocations(head, (url) => url.includes('/dist/'));

    expect(profile.totalBytes).toBe(147);
    expect(profile.bySelf).toEqual([
      { site: 'onOpen server.mjs:10', bytes: 100 },
      { site: 'send sender.js:5', bytes: 40 },
      { site: 'Socket node:net:359', bytes: 7 },
    ]);
    expect(profile.byOwnFrame).toEqual([
      { site: 'onOpen server.mjs:10', bytes: 140 },
      { site: '(not our code)', bytes: 7 },
    ]);
  });
});

describe('inspectorUrlIn', () => {
  it('finds the loopback inspector URL a process printed, and nothing else', () => {
    const lines = [
      'Debugger listening on ws://127.0.0.1:40123/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab',
      'For help, see: https://nodejs.org/en/docs/inspector',
    ];

    expect(inspectorUrlIn(lines)).toBe('ws://127.0.0.1:40123/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab');
    expect(inspectorUrlIn(['Debugger listening on ws://0.0.0.0:9229/x'])).toBeUndefined();
  });
});
