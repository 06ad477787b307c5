import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatResults } from '../../../src/cli/flags-results.js';
import { analyseExperiment, toExperimentStatus } from '../../../src/metrics/stats/index.js';

const results = (green: { exposures: number; purchases: number }, weights = [50, 25, 25]) =>
  toExperimentStatus(
    analyseExperiment({
      control: 'control',
      variants: [
        { variant: 'control', exposures: 10_000, conversions: { purchase: 1_000 }, weight: weights[0]! },
        {
          variant: 'green',
          exposures: green.exposures,
          conversions: { purchase: green.purchases },
          weight: weights[1]!,
        },
        { variant: 'orange', exposures: 4_950, conversions: { purchase: 505 }, weight: weights[2]! },
      ],
    }),
    new Date('2026-11-28T10:00:00Z'),
  );

describe('fledge flags results', () => {
  it('prints what docs/cli.md shows for the same counts', () => {
    const printed = formatResults('shop/checkout-button', results({ exposures: 5_000, purchases: 600 }));
    const page = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');
    const shown = /\$ fledge flags results checkout-button -n shop\n([\s\S]*?)```/.exec(page)?.[1];
    expect(shown).toBe(printed);
    expect(printed).toMatch(/green\s+5000\s+purchase\s+600\s+12\.00%.*\+20\.0%.*yes/);
    expect(printed).toMatch(/orange .* no\n/);
  });

  it('calls out a sample ratio mismatch', () => {
    const printed = formatResults('shop/x', results({ exposures: 5_000, purchases: 600 }, [25, 50, 25]));
    expect(printed).toContain('Sample ratio:  MISMATCH (chi-square p = ');
    expect(printed).toContain('do not trust these results');
  });

  it('says when an arm has too little data', () => {
    const printed = formatResults('shop/x', results({ exposures: 40, purchases: 4 }, [50, 25, 25]));
    expect(printed).toMatch(/green\s+40 .*not enough data/);
  });
});
