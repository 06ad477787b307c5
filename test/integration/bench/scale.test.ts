/**
 * Benchmark 4 in quick mode against the bed: one small point, with the
 * compiled operator; checks that every figure is measured, never its size.
 */
import { expect, it } from 'vitest';
import { QUICK, runScale } from '../../../bench/scale/index.js';
import { testbed } from '../../support/env.js';

it('scale (quick) measures RSS, idle CPU, idle requests and the restart drain', async () => {
  const run = await runScale({ quick: true, command: 'test', env: testbed() });
  expect(run.results).toHaveLength(QUICK.points.length);
  for (const r of run.results) {
    expect(r.rssMiB).toBeGreaterThan(0);
    expect(r.rssAfterRestartMiB).toBeGreaterThan(0);
    expect(r.idleCpuPercent).toBeGreaterThanOrEqual(0);
    expect(r.requestsPerMin).toBeGreaterThanOrEqual(0);
    expect(r.drainMs).toBeGreaterThanOrEqual(r.readyMs);
  }
  expect(run.markdown).toContain('## Growth');
}, 60_000);
