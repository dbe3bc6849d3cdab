import { describe, expect, it } from 'vitest';
import { instanceIdOf } from './instance-id';

describe('instanceIdOf', () => {
  it('is INSTANCE_ID when set, else the host name and the port', () => {
    expect(instanceIdOf({ INSTANCE_ID: 'web-1' }, 3000, 'box')).toBe('web-1');
    expect(instanceIdOf({}, 3000, 'box')).toBe('box:3000');
  });
});
