import { describe, expect, it } from 'vitest';
import { age, formatNumber, progressBar, table } from '../../../src/cli/output.js';

describe('table', () => {
  it('pads columns, upper-cases headers, shows empty cells as -', () => {
    expect(
      table(
        ['name', 'phase', 'weight'],
        [
          ['web', 'Progressing', 20],
          ['checkout-service', undefined, ''],
        ],
      ),
    ).toBe(
      [
        'NAME               PHASE         WEIGHT',
        'web                Progressing   20',
        'checkout-service   -             -',
        '',
      ].join('\n'),
    );
  });

  it('has no trailing spaces', () => {
    const out = table(
      ['a', 'b'],
      [
        ['x', 'long value'],
        ['y', 'z'],
      ],
    );
    for (const line of out.split('\n')) expect(line).toBe(line.trimEnd());
  });

  it('prints only headers for no rows', () => {
    expect(table(['name'], [])).toBe('NAME\n');
  });
});

describe('age', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  it.each([
    ['2026-01-10T11:59:15Z', '45s'],
    ['2026-01-10T11:58:00Z', '2m'],
    ['2026-01-10T10:00:00Z', '2h'],
    ['2026-01-10T11:30:00Z', '30m'],
    ['2026-01-08T12:00:00Z', '2d'],
    ['2026-01-11T12:00:00Z', '-'],
    ['not a time', '-'],
    [undefined, '-'],
  ])('%s → %s', (from, expected) => {
    expect(age(from, now)).toBe(expected);
  });
});

describe('formatNumber', () => {
  it.each([
    [99.5, '99.5'],
    [0.1 + 0.2, '0.3'],
    [1200, '1200'],
    [2260.4567, '2260'],
    [undefined, '-'],
    [NaN, '-'],
  ])('%s → %s', (v, expected) => {
    expect(formatNumber(v)).toBe(expected);
  });
});

describe('progressBar', () => {
  it.each([
    [0, 50, '[----------]'],
    [25, 50, '[#####-----]'],
    [50, 50, '[##########]'],
    [80, 50, '[##########]'],
    [10, 0, '[----------]'],
  ])('%i/%i', (value, max, expected) => {
    expect(progressBar(value, max, 10, true)).toBe(expected);
  });
  it('draws blocks on a terminal', () => {
    expect(progressBar(1, 2, 4)).toBe('[██░░]');
  });
});
