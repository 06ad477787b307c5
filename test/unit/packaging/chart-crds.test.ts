import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chartCrdDir, chartCrdDrift, sourceDir } from '../../../scripts/sync-chart-crds.js';

describe('charts/fledge/crds', () => {
  it('is byte-identical to crds/ (npm run chart:sync rewrites it)', () => {
    expect(existsSync(chartCrdDir)).toBe(true);
    expect(readdirSync(sourceDir).filter((f) => f.endsWith('.yaml')).length).toBeGreaterThan(0);
    expect(chartCrdDrift()).toEqual([]);
  });
});
