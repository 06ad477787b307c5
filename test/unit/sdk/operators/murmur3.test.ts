import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { murmur3, murmur3From, murmur3Prefix } from '../../../../src/sdk/operators/murmur3.js';

interface Vector {
  flagKey: string;
  targetingKey?: string;
  bucketBy?: string;
  hash: number;
}
const vectors = (
  JSON.parse(
    readFileSync(new URL('../../../fixtures/flagd/fractional-vectors.json', import.meta.url), 'utf8'),
  ) as { vectors: Vector[] }
).vectors;

describe('murmur3 (x86 32-bit, seed 0, UTF-8)', () => {
  it.each([
    ['', 0],
    ['a', 1009084850],
    ['abc', 3017643002],
    ['abcd', 1139631978],
    ['hello world', 0x5e928f0f],
    ['ejOoVL', 0],
    ['bY9fO-', 1],
    ['SI7p-', 2147483647],
    ['6LvT0', 2147483648],
    ['ceQdGm', 4294967295],
  ])('%j → %i', (input, hash) => {
    expect(murmur3(input)).toBe(hash);
  });

  it('matches the Go reference (twmb/murmur3) on every golden vector, non-ASCII keys included', () => {
    for (const v of vectors) {
      const key = v.bucketBy ?? `${v.flagKey}${v.targetingKey ?? ''}`;
      expect(murmur3(key), key).toBe(v.hash);
    }
  });

  it('hashing two parts equals hashing their concatenation', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(murmur3(a, b)).toBe(murmur3(a + b));
      }),
    );
  });
});

describe('murmur3Prefix / murmur3From', () => {
  it('continuing from a prefix equals hashing the whole key, for any split and any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(murmur3From(murmur3Prefix(a), b)).toBe(murmur3(a + b));
      }),
    );
  });

  it.each([
    ['', ''],
    ['a', 'bcd'],
    ['abc', 'd'],
    ['abcd', ''],
    ['new-checkout', 'user-1'],
    ['Zoë', '-1'],
    ['flag', '用户-7'],
  ])('%j + %j', (a, b) => {
    expect(murmur3From(murmur3Prefix(a), b)).toBe(murmur3(a + b));
  });
});
