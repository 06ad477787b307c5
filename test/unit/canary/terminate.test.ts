import { describe, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import { decide } from '../../../src/canary/decide.js';
import {
  ago,
  canary,
  check,
  MINUTE,
  NOW,
  REV,
  targetIdle,
  targetScaledDown,
  world,
  type Expected,
  type Mod,
} from './builders.js';

const deleted = (revert: boolean, since = MINUTE): Canary =>
  canary(
    { phase: 'Terminating', lastAppliedSpec: REV, canaryWeight: 0, lastTransitionTime: ago(since) },
    { deleted: true, spec: { revertOnDeletion: revert } },
  );

describe('deletion', () => {
  it.each<[string, Canary, Mod[], Expected]>([
    [
      'first reconcile after deletion → Terminating',
      canary({ phase: 'Succeeded', lastAppliedSpec: REV }, { deleted: true }),
      [],
      { phase: 'Terminating', actions: ['finalize'], events: ['Terminating'] },
    ],
    ['no revert → finalize', deleted(false), [targetIdle], { actions: ['finalize'] }],
    [
      'revert, target at 0 → scale it back first',
      deleted(true),
      [targetScaledDown],
      { actions: ['scaleTarget'], scale: 'restore', requeue: 5_000 },
    ],
    [
      'revert, target ready → all traffic to it, then finalize',
      deleted(true),
      [],
      { actions: ['setRoutes', 'finalize'], routes: [0, 100] },
    ],
    [
      'revert, target never ready past the deadline → finalize anyway',
      deleted(true, 11 * MINUTE),
      [targetScaledDown],
      { actions: ['finalize'] },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });
});
