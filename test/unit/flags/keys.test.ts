import { describe, expect, it } from 'vitest';
import { flagKeyOf, flagSetOf } from '../../../src/flags/keys.js';

describe('flagSetOf / flagKeyOf', () => {
  it.each<[unknown, string, string]>([
    [{ metadata: { name: 'n' }, spec: { flagSet: 'web' } }, 'web', 'n'],
    [{ metadata: { name: 'n' }, spec: { key: 'k' } }, 'default', 'k'],
    [{ metadata: { name: 'n' }, spec: { flagSet: 3, key: '' } }, 'default', 'n'],
    [null, 'default', ''],
  ])('%j → set %s, key %s', (obj, set, key) => {
    expect(flagSetOf(obj)).toBe(set);
    expect(flagKeyOf(obj)).toBe(key);
  });
});
