import { describe, expect, it } from 'vitest';
import { fnv1a, revisionOf, timeOf } from '../../../src/canary/context.js';
import { canary, configs, world } from './builders.js';

describe('revisionOf', () => {
  const base = world(canary(undefined));
  it.each([
    ['template only: the template hash', base, 'rev-new'],
    [
      'with configs: template hash + config digest',
      configs({ 'configmap/a': '1' })(base),
      `rev-new.${fnv1a('configmap/a=1')}`,
    ],
    [
      'config order does not matter',
      configs({ 'secret/b': '2', 'configmap/a': '1' })(base),
      revisionOf(configs({ 'configmap/a': '1', 'secret/b': '2' })(base)),
    ],
  ])('%s', (_name, observed, expected) => {
    expect(revisionOf(observed)).toBe(expected);
  });

  it('a changed config changes the revision', () => {
    expect(revisionOf(configs({ 'configmap/a': '1' })(base))).not.toBe(
      revisionOf(configs({ 'configmap/a': '2' })(base)),
    );
  });
});

describe('timeOf', () => {
  it.each([
    [Date.parse('2026-03-01T12:00:00.999Z'), '2026-03-01T12:00:00Z'],
    [0, '1970-01-01T00:00:00Z'],
  ])('%i → %s', (ms, text) => {
    expect(timeOf(ms)).toBe(text);
  });
});
