/**
 * decide on bad input the CRD cannot reject (observe's `invalid`): a query
 * that does not parse or clashing ports is Ready=False naming the field, with
 * one Warning Event; never a failed check, never a traffic move. An outage is
 * different: it stays a failed check (MetricsUnavailable), never a pass.
 */
import { describe, expect, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import { decide } from '../../../src/canary/decide.js';
import {
  at,
  check,
  invalidSpec,
  metricStatus,
  missing,
  MINUTE,
  NOW,
  OLD,
  passing,
  prometheusDown,
  settledAt,
  targetAt,
  world,
  type Expected,
  type Mod,
} from './builders.js';

const badQuery = invalidSpec(
  'InvalidQuery',
  'spec.analysis.metrics[0].templateRef (MetricTemplate shop/latency spec.query)',
  'bad_data: invalid parameter "query": 1:6: parse error: unclosed left parenthesis',
);
const portClash = invalidSpec(
  'PortConflict',
  'spec.service.port',
  'port 80 is used twice on Service shop/checkout ("http" 80 and "metrics" 80)',
);

describe('decide: bad input observe found', () => {
  it.each<[string, Canary, Mod[], Expected]>([
    [
      'query does not parse mid-rollout → Ready=False/InvalidQuery, no failed check, weight kept',
      at(20),
      [badQuery, passing()],
      {
        ready: 'False/InvalidQuery',
        failedChecks: 0,
        weight: 20,
        actions: [],
        events: ['InvalidQuery'],
        requeue: 60_000,
      },
    ],
    [
      'query does not parse on a settled Canary with a new revision → no rollout starts',
      settledAt('Succeeded', OLD),
      [badQuery],
      { phase: 'Succeeded', ready: 'False/InvalidQuery', actions: [] },
    ],
    [
      'port clash → Ready=False/PortConflict, nothing created',
      settledAt('Initialized', OLD),
      [portClash, targetAt(OLD)],
      { phase: 'Initialized', ready: 'False/PortConflict', actions: [], events: ['PortConflict'] },
    ],
    [
      'a missing reference is named first, the other problems after it',
      at(20),
      [badQuery, missing('Deployment', 'checkout', 'spec.targetRef.name')],
      { ready: 'False/DeploymentNotFound', actions: [] },
    ],
    [
      'an outage is not bad input: a failed check, MetricsUnavailable',
      at(20),
      [prometheusDown],
      { ready: 'True/Reconciled', failedChecks: 1, weight: 20, events: ['MetricsUnavailable'] },
    ],
    [
      'an InvalidQuery result that reached analysis anyway is still no pass',
      at(20),
      [metricStatus('error-rate', 'InvalidQuery')],
      { failedChecks: 1, weight: 20, events: ['InvalidQuery'] },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });

  it('the message names every field, and the Warning is not repeated on resync', () => {
    const c = at(20);
    const o = world(c, badQuery, portClash);
    const first = decide(c, o, NOW);
    const ready = first.status.conditions?.find((x) => x.type === 'Ready');
    expect(ready?.message).toBe(
      'Canary shop/checkout: spec.analysis.metrics[0].templateRef (MetricTemplate shop/latency spec.query): ' +
        'bad_data: invalid parameter "query": 1:6: parse error: unclosed left parenthesis; ' +
        'spec.service.port: port 80 is used twice on Service shop/checkout ("http" 80 and "metrics" 80)',
    );
    const again = decide({ ...c, status: first.status }, o, NOW + MINUTE);
    expect(again.actions).toEqual([]);
  });

  it('fixed → the rollout continues where it stood, analysis due at once', () => {
    const c = at(20);
    const bad = decide(c, world(c, badQuery), NOW);
    const healed = { ...c, status: bad.status };
    check(decide(healed, world(healed, passing()), NOW + MINUTE), {
      ready: 'True/Reconciled',
      weight: 30,
      routes: [70, 30],
    });
  });
});
