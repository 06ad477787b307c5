import { describe, expect, it } from 'vitest';
import {
  durationSchema,
  formatDurationMs,
  parseDurationMs,
  positiveDurationSchema,
} from '../../../src/api/duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['30s', 30_000],
    ['1m', 60_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['0s', 0],
    ['2m30s100ms', 150_100],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', '30', 's', '1d', '-1s', '1 m', '1m ', 'm1', '1.s', `${'1'.repeat(40)}s`])(
    '%j is not a duration',
    (text) => {
      expect(parseDurationMs(text)).toBeUndefined();
      expect(durationSchema.safeParse(text).success).toBe(false);
    },
  );
});

describe('formatDurationMs', () => {
  it.each([
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [1500, '1s500ms'],
    [0, '0s'],
  ])('%d → %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
    expect(parseDurationMs(text)).toBe(ms);
  });
});

describe('positiveDurationSchema', () => {
  it('refuses zero, accepts anything longer', () => {
    expect(positiveDurationSchema.safeParse('0s').success).toBe(false);
    expect(positiveDurationSchema.safeParse('0m0s').success).toBe(false);
    expect(positiveDurationSchema.safeParse('1ms').success).toBe(true);
  });
});
