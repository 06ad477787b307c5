import { describe, expect, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import { decide } from '../../../src/canary/decide.js';
import {
  ago,
  canary,
  check,
  configs,
  hook,
  MINUTE,
  NOW,
  OLD,
  primaryNotReady,
  REV,
  revisionOf,
  routes,
  settledAt,
  targetAt,
  targetIdle,
  world,
  type Expected,
  type Mod,
} from './builders.js';

const gated = (status: Canary['status'], gateTimeout?: string, onTimeout?: 'hold' | 'abort' | 'promote') =>
  canary(status, {
    analysis: {
      webhooks: [
        {
          name: 'go',
          type: 'confirm-rollout',
          url: 'http://gate/x',
          ...(gateTimeout ? { gateTimeout } : {}),
          ...(onTimeout ? { onTimeout } : {}),
        },
      ],
    },
  });

const waitingStatus = (held = ago(MINUTE)): Canary['status'] => ({
  phase: 'Waiting',
  lastAppliedSpec: OLD,
  lastPromotedSpec: OLD,
  canaryWeight: 0,
  heldGate: { name: 'go', since: held },
  lastTransitionTime: held,
});

describe('settled phases: detection', () => {
  it.each<[string, Canary, Mod[], Expected]>([
    [
      'same revision → nothing to do',
      settledAt('Succeeded', REV),
      [targetIdle],
      { phase: 'Succeeded', actions: [] },
    ],
    [
      'same revision after a rollback → stays Failed',
      settledAt('Failed', REV),
      [targetIdle],
      { phase: 'Failed', actions: [] },
    ],
    [
      'new template → Progressing, target scaled up',
      settledAt('Succeeded'),
      [],
      {
        phase: 'Progressing',
        weight: 0,
        failedChecks: 0,
        scale: 'restore',
        events: ['NewRevision'],
        promoted: 'Unknown/Progressing',
      },
    ],
    ['new template after Initialized → Progressing', settledAt('Initialized'), [], { phase: 'Progressing' }],
    ['a different revision after Failed → Progressing', settledAt('Failed'), [], { phase: 'Progressing' }],
    [
      'a tracked ConfigMap changed → Progressing',
      settledAt('Succeeded', revisionOf(world(canary(undefined), configs({ 'configmap/app': 'a' })))),
      [configs({ 'configmap/app': 'b' })],
      { phase: 'Progressing' },
    ],
    [
      'tracked configs unchanged → nothing',
      settledAt('Succeeded', revisionOf(world(canary(undefined), configs({ 'configmap/app': 'a' })))),
      [configs({ 'configmap/app': 'a' }), targetIdle],
      { phase: 'Succeeded', actions: [] },
    ],
    [
      'target left running → scaled to 0',
      settledAt('Succeeded', REV),
      [],
      { actions: ['scaleTarget'], scale: 0, phase: 'Succeeded' },
    ],
    [
      'routes drifted → repaired to 100/0',
      settledAt('Succeeded', REV),
      [routes(70, 30), targetIdle],
      { actions: ['setRoutes'], routes: [100, 0], phase: 'Succeeded' },
    ],
    [
      'primary not serving, target serving → traffic to the target, target kept',
      settledAt('Succeeded', REV),
      [primaryNotReady],
      { routes: [0, 100], scale: null },
    ],
    [
      'confirm-rollout says no → Waiting, nothing moves',
      gated(settledAt('Succeeded').status),
      [hook('go', 'confirm-rollout', false)],
      { phase: 'Waiting', scale: null, events: ['Waiting'] },
    ],
    [
      'confirm-rollout not called → Waiting (missing data never opens a gate)',
      gated(settledAt('Succeeded').status),
      [],
      { phase: 'Waiting' },
    ],
    [
      'confirm-rollout says yes → Progressing',
      gated(settledAt('Succeeded').status),
      [hook('go', 'confirm-rollout', true)],
      { phase: 'Progressing', scale: 'restore' },
    ],
    [
      'Waiting, gate still closed → hold, no new event',
      gated(waitingStatus()),
      [hook('go', 'confirm-rollout', false)],
      { phase: 'Waiting', events: [], failedChecks: undefined },
    ],
    [
      'Waiting, gate opens → Progressing',
      gated(waitingStatus()),
      [hook('go', 'confirm-rollout', true)],
      { phase: 'Progressing' },
    ],
    [
      'Waiting past gateTimeout with hold → still Waiting',
      gated(waitingStatus(ago(20 * MINUTE)), '10m', 'hold'),
      [hook('go', 'confirm-rollout', false)],
      { phase: 'Waiting' },
    ],
    [
      'Waiting past gateTimeout with abort → Failed',
      gated(waitingStatus(ago(20 * MINUTE)), '10m', 'abort'),
      [hook('go', 'confirm-rollout', false)],
      { phase: 'Failed', promoted: 'False/GateTimeout' },
    ],
    [
      'Waiting past gateTimeout with promote → Progressing',
      gated(waitingStatus(ago(20 * MINUTE)), '10m', 'promote'),
      [hook('go', 'confirm-rollout', false)],
      { phase: 'Progressing' },
    ],
    [
      'Waiting within gateTimeout → Waiting',
      gated(waitingStatus(ago(5 * MINUTE)), '10m', 'abort'),
      [hook('go', 'confirm-rollout', false)],
      { phase: 'Waiting' },
    ],
    [
      'Waiting, target reverted to the current revision → Initialized',
      gated(waitingStatus()),
      [targetAt(OLD)],
      { phase: 'Initialized' },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });

  it('the first hold is stamped so gateTimeout counts across restarts', () => {
    const c = gated(settledAt('Succeeded').status);
    const d = decide(c, world(c), NOW);
    expect(d.status.heldGate).toEqual({ name: 'go', since: ago(0) });
    const again = decide({ ...c, status: d.status }, world(c), NOW + 5 * MINUTE);
    expect(again.status.heldGate).toEqual({ name: 'go', since: ago(0) });
  });

  it('a resync of a settled Canary changes nothing (restarts start no rollout)', () => {
    const c = settledAt('Succeeded', REV, { conditions: [] });
    const first = decide(
      c,
      world(c, (o) => ({ ...o, target: { ...o.target, replicas: 0 } })),
      NOW,
    );
    const second = decide(
      { ...c, status: first.status },
      world(c, (o) => ({ ...o, target: { ...o.target, replicas: 0 } })),
      NOW + MINUTE,
    );
    expect(second.actions).toEqual([]);
    expect(second.status).toEqual(first.status);
  });
});
