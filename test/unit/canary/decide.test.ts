import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Canary } from '../../../src/api/canary.js';
import { decide } from '../../../src/canary/decide.js';
import {
  ago,
  at,
  canary,
  check,
  failing,
  missing,
  MINUTE,
  NOW,
  passing,
  prometheusDown,
  REV,
  routes,
  settledAt,
  targetAt,
  world,
  type Expected,
  type Mod,
} from './builders.js';

const ab = (status: Parameters<typeof at>[1] = {}) =>
  at(0, status, {
    analysis: { iterations: 3, match: [{ headers: { 'x-canary': { exact: 'yes' } } }] },
  });
const mirrored = (status: Parameters<typeof at>[1] = {}) =>
  at(0, status, { analysis: { iterations: 2, mirror: true, mirrorWeight: 30 } });

describe('decide: guards before any phase', () => {
  it.each<[string, Canary, Mod[], Expected]>([
    [
      'suspend freezes in place: no actions, status kept',
      at(20, {}, { spec: { suspend: true } }),
      [failing('error-rate')],
      { weight: 20, failedChecks: 0, actions: [], events: [] },
    ],
    [
      'suspend holds even with a new revision',
      at(20, {}, { spec: { suspend: true } }),
      [targetAt('rev-newer')],
      { phase: 'Progressing', weight: 20, actions: [] },
    ],
    [
      'missing target → Ready=False naming the field, traffic untouched',
      at(20),
      [missing('Deployment', 'checkout', 'spec.targetRef.name'), routes(0, 100)],
      {
        ready: 'False/DeploymentNotFound',
        actions: [],
        weight: 20,
        events: ['DeploymentNotFound'],
        requeue: 60_000,
      },
    ],
    [
      'missing MetricTemplate → Ready=False, no step',
      at(20),
      [missing('MetricTemplate', 'latency', 'spec.analysis.metrics[0].templateRef'), passing()],
      { ready: 'False/MetricTemplateNotFound', weight: 20, actions: [] },
    ],
    [
      'routing error halts: no step, routes re-applied, Ready=False',
      at(20),
      [passing(), routes(80, 20, { error: 'weights sum to 90' })],
      {
        weight: 20,
        ready: 'False/RoutingError',
        actions: ['setRoutes'],
        routes: [80, 20],
        events: ['RoutingError'],
      },
    ],
    [
      'routing error never advances a promotion',
      at(50),
      [passing(), routes(50, 50, { error: 'route "primary" missing' })],
      { phase: 'Progressing', ready: 'False/RoutingError' },
    ],
    [
      'an owned object deleted mid-rollout → recreated, analysis goes on',
      at(20),
      [passing(), (o) => ({ ...o, bootstrapped: false })],
      { actions: ['bootstrap', 'setRoutes'], weight: 30 },
    ],
    [
      'drifted weights mid-rollout are repaired to the status weight',
      at(20, { lastAnalysisTime: ago(1000) }),
      [routes(100, 0)],
      { weight: 20, actions: ['setRoutes'], routes: [80, 20] },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });

  it('a missing reference warns once, not on every resync', () => {
    const c = at(20);
    const o = world(c, missing('Deployment', 'checkout', 'spec.targetRef.name'));
    const first = decide(c, o, NOW);
    const again = decide({ ...c, status: first.status }, o, NOW + MINUTE);
    expect(again.actions).toEqual([]);
  });

  it('suspend sets a Suspended condition and clears it when lifted', () => {
    const c = at(20, { lastAnalysisTime: ago(1000) }, { spec: { suspend: true } });
    const d = decide(c, world(c), NOW);
    expect(d.status.conditions?.find((x) => x.type === 'Suspended')?.status).toBe('True');
    const lifted = { ...at(20, { lastAnalysisTime: ago(1000) }), status: d.status };
    expect(decide(lifted, world(lifted), NOW).status.conditions?.some((x) => x.type === 'Suspended')).toBe(
      false,
    );
  });

  it('records observedGeneration', () => {
    const c = settledAt('Succeeded', REV);
    expect(
      decide({ ...c, metadata: { ...c.metadata, generation: 7 } }, world(c), NOW).status.observedGeneration,
    ).toBe(7);
  });
});

describe('decide: A/B and mirroring (iterations)', () => {
  it.each<[string, Canary, Mod[], Expected]>([
    [
      'A/B start: matching requests to the canary, weights 100/0',
      ab({ stepStartedAt: undefined, lastAnalysisTime: undefined }),
      [],
      { routes: [100, 0], iterations: 0, events: ['Advanced'] },
    ],
    [
      'A/B pass → one more iteration',
      ab({ iterations: 1 }),
      [passing()],
      { iterations: 2, weight: 0, actions: [] },
    ],
    [
      'A/B last iteration passes → Promoting',
      ab({ iterations: 2 }),
      [passing()],
      { phase: 'Promoting', iterations: 3 },
    ],
    [
      'A/B failure counts, iteration does not',
      ab({ iterations: 1 }),
      [failing('error-rate')],
      { iterations: 1, failedChecks: 1 },
    ],
    [
      'A/B no data never counts as an iteration',
      ab({ iterations: 1 }),
      [prometheusDown],
      { iterations: 1, failedChecks: 1 },
    ],
    [
      'A/B rollback removes the match route',
      ab({ iterations: 1, failedChecks: 2 }),
      [failing('error-rate')],
      { phase: 'Failed', routes: [100, 0] },
    ],
  ])('%s', (_name, c, mods, expected) => {
    const o = world(
      c,
      (x) => ({ ...x, routing: { ...x.routing, match: c.status?.stepStartedAt !== undefined } }),
      ...mods,
    );
    check(decide(c, o, NOW), expected);
  });

  it('the A/B route carries the match blocks; rollback drops them', () => {
    const start = ab({ stepStartedAt: undefined, lastAnalysisTime: undefined });
    const set = decide(start, world(start), NOW).actions.find((a) => a.kind === 'setRoutes');
    expect(set).toMatchObject({
      primary: 100,
      canary: 0,
      match: [{ headers: { 'x-canary': { exact: 'yes' } } }],
    });
    const failed = ab({ iterations: 1, failedChecks: 2 });
    const back = decide(failed, world(failed, failing('error-rate')), NOW).actions.find(
      (a) => a.kind === 'setRoutes',
    );
    expect(back).toEqual({ kind: 'setRoutes', primary: 100, canary: 0 });
  });

  it('mirroring sets mirrorWeight on the routes', () => {
    const start = mirrored({ stepStartedAt: undefined, lastAnalysisTime: undefined });
    const set = decide(start, world(start), NOW).actions.find((a) => a.kind === 'setRoutes');
    expect(set).toEqual({ kind: 'setRoutes', primary: 100, canary: 0, mirrorWeight: 30 });
  });
});

describe('decide is pure', () => {
  const cases: [string, Canary, Mod[]][] = [
    ['progressing', at(20), [passing()]],
    ['failing', at(20, { failedChecks: 2 }), [failing('error-rate')]],
    ['new revision', settledAt('Succeeded'), []],
    ['fresh', canary(undefined), []],
  ];

  it.each(cases)('%s: same input, same output; input untouched', (_name, c, mods) => {
    const o = world(c, ...mods);
    const before = structuredClone({ c, o });
    expect(decide(c, o, NOW)).toEqual(decide(c, o, NOW));
    expect({ c, o }).toEqual(before);
  });

  it('weights always sum to 100, whatever the world says', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(passing(), failing('error-rate'), prometheusDown),
        (weight, failedChecks, primaryReady, targetReady, metrics) => {
          const c = at(weight, { failedChecks });
          const o = world(c, metrics, (x) => ({
            ...x,
            primary: { ...x.primary, ready: primaryReady, availableReplicas: primaryReady ? 2 : 0 },
            target: { ...x.target, ready: targetReady, availableReplicas: targetReady ? 2 : 0 },
          }));
          for (const a of decide(c, o, NOW).actions) {
            if (a.kind === 'setRoutes') expect(a.primary + a.canary).toBe(100);
            // The only serving copy is never scaled to 0.
            if (a.kind === 'scaleTarget' && a.replicas === 0) expect(primaryReady).toBe(true);
          }
        },
      ),
    );
  });
});
