import { describe, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import type { CanaryStatus } from '../../../src/api/canary-status.js';
import { decide } from '../../../src/canary/decide.js';
import {
  ago,
  at,
  canary,
  check,
  configs,
  hook,
  MINUTE,
  NOW,
  passing,
  primaryAt,
  primaryNotReady,
  primaryRolling,
  REV,
  revisionOf,
  targetAt,
  targetNotReady,
  world,
  type Expected,
  type Mod,
} from './builders.js';

const gate = (gateTimeout?: string, onTimeout?: 'hold' | 'abort' | 'promote') => ({
  analysis: {
    webhooks: [
      {
        name: 'ship',
        type: 'confirm-promotion' as const,
        url: 'http://gate/x',
        ...(gateTimeout ? { gateTimeout } : {}),
        ...(onTimeout ? { onTimeout } : {}),
      },
    ],
  },
});

const phase = (p: CanaryStatus['phase'], extra: Partial<CanaryStatus> = {}, options = {}): Canary =>
  at(50, { phase: p, lastTransitionTime: ago(MINUTE), ...extra }, options);

describe('promotion', () => {
  it.each<[string, Canary, Mod[], Expected]>([
    [
      'last step, confirm-promotion says no → WaitingPromotion, not a failure',
      at(50, {}, gate()),
      [passing(), hook('ship', 'confirm-promotion', false)],
      { phase: 'WaitingPromotion', failedChecks: 0, weight: 50, actions: [], events: ['WaitingPromotion'] },
    ],
    [
      'last step, confirm-promotion says yes → Promoting',
      at(50, {}, gate()),
      [passing(), hook('ship', 'confirm-promotion', true)],
      { phase: 'Promoting', actions: ['promoteTemplate'] },
    ],
    [
      'WaitingPromotion, still no → hold without events',
      phase('WaitingPromotion', { heldGate: { name: 'ship', since: ago(MINUTE) } }, gate()),
      [hook('ship', 'confirm-promotion', false)],
      { phase: 'WaitingPromotion', events: [], actions: [], failedChecks: 0 },
    ],
    [
      'WaitingPromotion, gate opens → Promoting',
      phase('WaitingPromotion', {}, gate()),
      [hook('ship', 'confirm-promotion', true)],
      { phase: 'Promoting', actions: ['promoteTemplate'] },
    ],
    [
      'WaitingPromotion past gateTimeout with abort → rollback',
      phase(
        'WaitingPromotion',
        { heldGate: { name: 'ship', since: ago(20 * MINUTE) } },
        gate('10m', 'abort'),
      ),
      [hook('ship', 'confirm-promotion', false)],
      { phase: 'Failed', routes: [100, 0], promoted: 'False/GateTimeout' },
    ],
    [
      'WaitingPromotion past gateTimeout with promote → Promoting',
      phase(
        'WaitingPromotion',
        { heldGate: { name: 'ship', since: ago(20 * MINUTE) } },
        gate('10m', 'promote'),
      ),
      [hook('ship', 'confirm-promotion', false)],
      { phase: 'Promoting' },
    ],
    [
      'WaitingPromotion, new revision → restart',
      phase('WaitingPromotion', {}, gate()),
      [targetAt('rev-newer')],
      { phase: 'Progressing', weight: 0, routes: [100, 0] },
    ],
    [
      'Promoting, template not yet on the primary → copy it (again)',
      phase('Promoting'),
      [],
      { phase: 'Promoting', actions: ['promoteTemplate'], requeue: 5_000 },
    ],
    [
      'Promoting, tracked configs → copied before the template',
      at(50, {
        phase: 'Promoting',
        lastAppliedSpec: revisionOf(world(canary(undefined), configs({ 'secret/db': 'x' }))),
      }),
      [configs({ 'secret/db': 'x' })],
      { actions: ['copyTrackedConfigs', 'promoteTemplate'] },
    ],
    [
      'Promoting, primary rolling (still serving) → wait, split kept',
      phase('Promoting'),
      [primaryAt(REV), primaryRolling],
      { phase: 'Promoting', actions: [], requeue: 5_000 },
    ],
    [
      'Promoting, primary rolled out → Finalising, 100 % primary',
      phase('Promoting'),
      [primaryAt(REV)],
      { phase: 'Finalising', routes: [100, 0], scale: null, weight: 0 },
    ],
    [
      'Promoting, primary not serving → traffic to the ready canary, never scaled away',
      phase('Promoting'),
      [primaryAt(REV), primaryNotReady],
      { phase: 'Promoting', routes: [0, 100], scale: null, ready: 'True/Reconciled' },
    ],
    [
      'Promoting, primary not serving past the deadline → Ready=False, canary kept',
      phase('Promoting', { lastTransitionTime: ago(11 * MINUTE) }),
      [primaryAt(REV), primaryNotReady],
      { phase: 'Promoting', routes: [0, 100], scale: null, ready: 'False/ProgressDeadlineExceeded' },
    ],
    [
      'Promoting, neither side serving → routes untouched',
      phase('Promoting'),
      [primaryAt(REV), primaryNotReady, targetNotReady],
      { routes: null, scale: null },
    ],
    [
      'Promoting, new revision → restart analysis',
      phase('Promoting'),
      [primaryAt(REV), targetAt('rev-newer')],
      { phase: 'Progressing', weight: 0 },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });
});
