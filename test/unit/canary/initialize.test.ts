import { describe, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import { decide } from '../../../src/canary/decide.js';
import {
  ago,
  canary,
  check,
  MINUTE,
  notBootstrapped,
  NOW,
  primaryAt,
  primaryNotReady,
  REV,
  routes,
  world,
  type Expected,
  type Mod,
} from './builders.js';

const fresh = canary(undefined);
const initializing = (since = MINUTE): Canary =>
  canary({ phase: 'Initializing', lastTransitionTime: ago(since) });

describe('Initializing', () => {
  it.each<[string, Canary, Mod[], Expected]>([
    [
      'first sight → bootstrap',
      fresh,
      [notBootstrapped],
      { phase: 'Initializing', actions: ['bootstrap'], events: ['Initializing'], requeue: 5_000 },
    ],
    [
      'bootstrapped, target changed before the primary was ready → primary follows it',
      initializing(),
      [primaryAt('rev-other')],
      { phase: 'Initializing', actions: ['promoteTemplate'] },
    ],
    [
      'primary not ready → wait, the serving target keeps the traffic',
      initializing(),
      [primaryAt(REV), primaryNotReady, routes(100, 0)],
      {
        phase: 'Initializing',
        actions: ['setRoutes'],
        routes: [0, 100],
        ready: 'True/Reconciled',
        requeue: 5_000,
      },
    ],
    [
      'primary not ready past the deadline → Ready=False, never scale the target away',
      initializing(11 * MINUTE),
      [primaryAt(REV), primaryNotReady, routes(100, 0)],
      { phase: 'Initializing', scale: null, ready: 'False/ProgressDeadlineExceeded' },
    ],
    [
      'primary ready → 100 % primary, target to 0, Initialized',
      initializing(),
      [primaryAt(REV)],
      {
        phase: 'Initialized',
        routes: [100, 0],
        scale: 0,
        actions: ['setRoutes', 'scaleTarget'],
        promoted: 'True/Initialized',
        ready: 'True/Reconciled',
      },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });

  it('records the initial revision as applied and promoted', () => {
    const c = initializing();
    const d = decide(c, world(c, primaryAt(REV)), NOW);
    check(d, { weight: 0, failedChecks: 0 });
    if (d.status.lastAppliedSpec !== REV || d.status.lastPromotedSpec !== REV)
      throw new Error('revision not recorded');
  });
});
