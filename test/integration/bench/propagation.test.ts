/**
 * Benchmark 2 in quick mode against the bed: checks that it runs end to end
 * (flags published, every update seen by the ConfigMap watch and by the SDK
 * process, a results file with targets), never how fast anything is.
 */
import { expect, it } from 'vitest';
import { QUICK, runPropagation } from '../../../bench/propagation/index.js';
import { testbed } from '../../support/env.js';

it('propagation (quick) times every update to the ConfigMap and to the SDK', async () => {
  const run = await runPropagation({ quick: true, command: 'test', env: testbed() });
  expect(run.layouts.map((l) => l.layout.name)).toEqual(QUICK.layouts.map((l) => l.name));
  for (const l of run.layouts) {
    expect(l.timeouts, l.layout.name).toBe(0);
    expect(l.cmMs).toHaveLength(QUICK.updates);
    expect(l.sdkMs).toHaveLength(QUICK.updates);
    expect(l.flags).toBe(l.layout.sets * l.layout.flagsPerSet);
    for (const ms of [...l.cmMs, ...l.sdkMs]) expect(ms).toBeGreaterThanOrEqual(0);
  }
  expect(run.markdown).toContain('## Targets');
  expect(run.markdown).toMatch(/\| (met|NOT met) \|/);
}, 60_000);
