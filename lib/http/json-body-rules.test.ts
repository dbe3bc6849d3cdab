import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import {
  checkDeclaredLength,
  checkJsonContentType,
  leavesBodyUnread,
  parseJsonText,
} from './json-body-rules';
import { pathOf } from './path-of';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return 'no error';
};

describe('JSON body rules', () => {
  it.each([
    ['application/json', 'no error'],
    ['Application/JSON; charset=utf-8', 'no error'],
    ['text/plain', 'unsupported_media_type'],
    [undefined, 'unsupported_media_type'],
    ['application/jsonp', 'unsupported_media_type'],
  ])('content type %s → %s', (type, code) => {
    expect(codeOf(() => checkJsonContentType(type))).toBe(code);
  });

  it('refuses a declared length over the limit, and only over it', () => {
    expect(codeOf(() => checkDeclaredLength('100', 100))).toBe('no error');
    expect(codeOf(() => checkDeclaredLength('101', 100))).toBe('payload_too_large');
    expect(codeOf(() => checkDeclaredLength(undefined, 100))).toBe('no error');
  });

  it.each([
    ['{"a":1}', 'no error'],
    ['', 'invalid_json'],
    ['  ', 'invalid_json'],
    ['{"a":', 'invalid_json'],
  ])('text %j → %s', (text, code) => {
    expect(codeOf(() => parseJsonText(text))).toBe(code);
  });
});

describe('leavesBodyUnread', () => {
  it.each([
    ['unauthorized', true],
    ['unsupported_media_type', true],
    ['payload_too_large', true],
    ['request_timeout', true],
    ['rate_limited', true],
    ['invalid_json', false],
    ['validation_failed', false],
  ])('%s → %s', (code, unread) => {
    expect(leavesBodyUnread(code)).toBe(unread);
  });
});

describe('pathOf', () => {
  it.each([
    ['/api/stream?series=a', '/api/stream'],
    ['/ws/chat', '/ws/chat'],
    [undefined, '/'],
  ])('%s → %s', (url, path) => {
    expect(pathOf(url)).toBe(path);
  });
});
