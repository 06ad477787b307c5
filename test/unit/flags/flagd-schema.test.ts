/**
 * The copy of flagd's schema the compiler is tested against is flagd's, not
 * ours: its content (keys sorted, whitespace ignored, since prettier formats
 * the files) must hash to what the upstream files hash to
 * (test/fixtures/flagd-schema/README.md), and it must reject what flagd rejects.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../src/flags/canonical-json.js';
import { flagdSchemaErrors } from './support.js';

const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/flagd-schema/${name}`, import.meta.url), 'utf8'));

describe('flagd schema fixture', () => {
  it.each([
    ['flags.json', 'a8f25ec2b5c45ef469737d7a0f7db676534585b3d3b1c315b8140fbb0e9be8c4'],
    ['targeting.json', 'a01914760ba63c3ff3553e2cf6c2ff4069cafebaf723e8dfca5eb2f086dc894a'],
  ])('%s is the upstream content', (name, hash) => {
    expect(sha256Hex(canonicalJson(read(name)))).toBe(hash);
  });

  const flag = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' };
  it.each<[string, unknown]>([
    ['no flags object', { flags: [] }],
    ['a bad state', { flags: { f: { ...flag, state: 'ON' } } }],
    ['mixed variant types', { flags: { f: { ...flag, variants: { on: true, off: 'no' } } } }],
    ['an unknown operator', { flags: { f: { ...flag, targeting: { regex: ['a', 'b'] } } } }],
    ['a bare $ref as targeting', { flags: { f: { ...flag, targeting: { $ref: 'x' } } } }],
  ])('rejects %s (so the tests that pass it mean something)', (_n, doc) => {
    expect(flagdSchemaErrors(doc)).not.toEqual([]);
  });
});
