import { describe, expect, it } from 'vitest';
import {
  alternativeName,
  CHAT_NAME_STORAGE_KEY,
  CHAT_TAB_KEY_CHARS,
  CHAT_TAB_STORAGE_KEY,
  newTabKey,
  proposedName,
  readTabIdentity,
  saveTabName,
} from './chat-identity';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('chat identity per tab', () => {
  it('makes a key once per tab storage and keeps it with the name', () => {
    const tab = new MemoryStorage();
    const first = readTabIdentity(tab, () => 'key-aaaaaaaa');
    expect(first).toEqual({ key: 'key-aaaaaaaa', name: null });
    expect(readTabIdentity(tab, () => 'other-key-bbb')).toEqual(first);
    const local = new MemoryStorage();
    saveTabName(tab, local, first, 'ann');
    expect(readTabIdentity(tab)).toEqual({ key: 'key-aaaaaaaa', name: 'ann' });
    // The name is only proposed to other tabs; their own identity is untouched.
    const otherTab = new MemoryStorage();
    expect(readTabIdentity(otherTab, () => 'key-cccccccc').name).toBeNull();
    expect(proposedName(local)).toBe('ann');
    expect(local.getItem(CHAT_NAME_STORAGE_KEY)).toBe('ann');
  });

  it('replaces a broken entry and works without storage', () => {
    const tab = new MemoryStorage();
    tab.setItem(CHAT_TAB_STORAGE_KEY, '{"key":"x"}');
    expect(readTabIdentity(tab, () => 'key-dddddddd')).toEqual({ key: 'key-dddddddd', name: null });
    expect(readTabIdentity(undefined, () => 'key-eeeeeeee').key).toBe('key-eeeeeeee');
    expect(proposedName(undefined)).toBe('');
  });

  it('makes URL-safe keys of the documented length', () => {
    const key = newTabKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(key).toHaveLength(CHAT_TAB_KEY_CHARS);
    expect(newTabKey()).not.toBe(key);
  });

  it('proposes another name when one is taken, skipping names in use', () => {
    expect(alternativeName('carol')).toBe('carol-2');
    expect(alternativeName('carol', ['Carol-2'])).toBe('carol-3');
    expect(alternativeName('carol-2')).toBe('carol-3');
    expect(alternativeName('x'.repeat(32))).toBe(`${'x'.repeat(30)}-2`);
  });
});
