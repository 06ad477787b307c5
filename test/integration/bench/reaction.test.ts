/**
 * Benchmark 3 in quick mode against the bed: one release through Fledge,
 * timed from watches; checks that the scenario runs and is measured, never
 * how fast anything is. The Flagger half (a private bed, ~6 min) is left to
 * `npx tsx bench/run.ts reaction`.
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
  // Flagger needs a private bed of its own: quick mode skips it and says so.
  expect(run.flagger.ran).toBe(false);
  expect(run.markdown).toContain('Quick mode: Flagger was not run');
  expect(run.markdown).toMatch(/\| (met|NOT met) \|/);
}, 60_000);
