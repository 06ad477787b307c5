import { describe, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import type { CanaryStatus } from '../../../src/api/canary-status.js';
import { decide } from '../../../src/canary/decide.js';
import {
  ago,
  at,
  check,
  MINUTE,
  NOW,
  OLD,
  primaryAt,
  primaryNotReady,
  REV,
  world,
  type Expected,
  type Mod,
} from './builders.js';

describe('Finalising', () => {
  const finalising = (extra: Partial<CanaryStatus> = {}) =>
    at(0, { phase: 'Finalising', lastTransitionTime: ago(MINUTE), ...extra });
  it.each<[string, Canary, Mod[], Expected]>([
    [
      'routes read back at 100 % primary → target to 0, Succeeded, Promoted',
      finalising(),
      [primaryAt(REV)],
      { phase: 'Succeeded', scale: 0, routes: null, promoted: 'True/Succeeded', events: ['Succeeded'] },
    ],
    [
      'routes not yet at 100 % primary → write them, target kept',
      finalising(),
      [primaryAt(REV), (o) => ({ ...o, routing: { ...o.routing, primary: 50, canary: 50 } })],
      { phase: 'Finalising', routes: [100, 0], scale: null },
    ],
    [
      'primary stopped serving → traffic back to the canary, target kept',
      finalising(),
      [primaryAt(REV), primaryNotReady],
      { phase: 'Finalising', routes: [0, 100], scale: null },
    ],
    [
      'primary not ready past the deadline → Ready=False, still no scale-down',
      finalising({ lastTransitionTime: ago(11 * MINUTE) }),
      [primaryAt(REV), primaryNotReady],
      { phase: 'Finalising', scale: null, ready: 'False/ProgressDeadlineExceeded' },
    ],
    [
      'post-rollout webhooks are called on success',
      at(
        0,
        { phase: 'Finalising' },
        { analysis: { webhooks: [{ name: 'tell', type: 'post-rollout', url: 'http://n/x' }] } },
      ),
      [primaryAt(REV)],
      { actions: ['scaleTarget', 'callWebhook'] },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });

  it('records the promoted revision', () => {
    const c = finalising();
    const d = decide(c, world(c, primaryAt(REV)), NOW);
    check(d, { phase: 'Succeeded' });
    if (d.status.lastPromotedSpec !== REV || c.status?.lastPromotedSpec !== OLD)
      throw new Error('lastPromotedSpec');
  });
});
