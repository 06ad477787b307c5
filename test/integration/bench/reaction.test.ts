/**
 * Benchmark 3 in quick mode against the bed: one release through Fledge,
 * timed from watches; checks that the scenario runs and is measured, never
 * how fast anything is.
 */
import { expect, it } from 'vitest';
import { runReaction } from '../../../bench/reaction/index.js';
import { testbed } from '../../support/env.js';

it('reaction (quick) measures one release from template change to promotion', async () => {
  const run = await runReaction({ quick: true, command: 'test', env: testbed() });
  expect(run.fledge.releases).toHaveLength(1);
  const [release] = run.fledge.releases;
  expect(release?.outcome).toBe('Succeeded');
  expect(release?.detectMs).toBeGreaterThanOrEqual(0);
  expect(release?.steps.map((s) => s.weight)).toEqual([10, 20, 30]);
  expect(release?.steps.every((s) => s.judgedToVsMs !== undefined)).toBe(true);
  expect(run.flagger.ran).toBe(false);
  expect(run.markdown).toContain('## Flagger');
  expect(run.markdown).toMatch(/\| (met|NOT met) \|/);
}, 60_000);
