import { afterEach, describe, expect, it } from 'vitest';
import { logger, logs } from './logger';

const level = logger.level;
afterEach(() => {
  logger.level = level;
});

describe('logs', () => {
  it('says whether lines of a level are written at the current LOG_LEVEL', () => {
    logger.level = 'warn';
    expect([logs('debug'), logs('info'), logs('warn'), logs('error')]).toEqual([
      false,
      false,
      true,
      true,
    ]);
    logger.level = 'debug';
    expect(logs('debug')).toBe(true);
  });
});
