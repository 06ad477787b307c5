import { describe, expect, it } from 'vitest';
import { normalizeSemver } from '../../../src/flags/semver.js';

describe('normalizeSemver', () => {
  it.each([
    ['1.2.3', '1.2.3'],
    ['v1.2.3', '1.2.3'],
    ['1.2', '1.2.0'],
    ['2', '2.0.0'],
    ['1.2-beta.1', '1.2.0-beta.1'],
    ['1.2.3+build.5', '1.2.3+build.5'],
    ['01.2.3', undefined],
    ['1.2.3-', undefined],
    ['latest', undefined],
  ])('%s → %s', (input, expected) => {
    expect(normalizeSemver(input)).toBe(expected);
  });
});
