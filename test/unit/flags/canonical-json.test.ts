import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../src/flags/canonical-json.js';

describe('canonicalJson', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: [{ d: 2, c: 1 }] }, '{"a":[{"c":1,"d":2}],"b":1}'],
    [{ a: undefined, b: null }, '{"b":null}'],
    ['x', '"x"'],
    [[3, 1], '[3,1]'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
    expect(JSON.parse(expected)).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('hashes with sha256 hex', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
