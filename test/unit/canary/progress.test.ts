import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/canary/decide.js';
import {
  ago,
  at,
  check,
  failing,
  hook,
  lowTraffic,
  metricStatus,
  MINUTE,
  noData,
  NOW,
  passing,
  prometheusDown,
  REV,
  stepSamples,
  targetAt,
  targetNotReady,
  targetScaledDown,
  world,
  type Expected,
  type Mod,
} from './builders.js';
import type { Canary } from '../../../src/api/canary.js';

type Row = [string, Canary, Mod[], Expected];

describe('Progressing: one analysis interval', () => {
  it.each<Row>([
    ['all checks pass → next step', at(20), [passing()], { weight: 30, failedChecks: 0, routes: [70, 30] }],
    [
      'a check fails → count it',
      at(20),
      [failing('error-rate')],
      { weight: 20, failedChecks: 1, routes: null },
    ],
    ['latency above bound fails', at(20), [failing('request-duration')], { weight: 20, failedChecks: 1 }],
    [
      'no data is not a pass',
      at(20),
      [noData('request-success-rate')],
      { weight: 20, failedChecks: 1, routes: null },
    ],
    ['NaN is not a pass', at(20), [metricStatus('error-rate', 'NaN')], { weight: 20, failedChecks: 1 }],
    [
      'several series are not a pass',
      at(20),
      [metricStatus('error-rate', 'MultipleSeries')],
      { failedChecks: 1 },
    ],
    ['a query error is not a pass', at(20), [metricStatus('error-rate', 'QueryError')], { failedChecks: 1 }],
    [
      'Prometheus down is not a pass',
      at(20),
      [prometheusDown],
      { weight: 20, failedChecks: 1, events: ['MetricsUnavailable'] },
    ],
    ['unmeasured check is not a pass', at(20), [], { weight: 20, failedChecks: 1 }],
    [
      'too few requests → NoData, weight holds',
      at(20),
      [lowTraffic(5)],
      { weight: 20, failedChecks: 1, events: ['NoData'] },
    ],
    ['exactly minRequests is enough', at(20), [lowTraffic(20)], { weight: 30, failedChecks: 0 }],
    [
      'minRequests 0 disables the traffic guard',
      at(20, {}, { analysis: { minRequests: 0 } }),
      [lowTraffic(0)],
      { weight: 30 },
    ],
    [
      'threshold reached → rollback',
      at(20, { failedChecks: 2 }),
      [failing('error-rate')],
      {
        phase: 'Failed',
        weight: 0,
        failedChecks: 3,
        routes: [100, 0],
        scale: 0,
        promoted: 'False/MetricCheckFailed',
      },
    ],
    [
      'threshold reached by an outage → rollback says metrics unavailable',
      at(20, { failedChecks: 2 }),
      [prometheusDown],
      { phase: 'Failed', routes: [100, 0], promoted: 'False/MetricsUnavailable' },
    ],
    [
      'rollback notifies the rollback webhooks',
      at(
        20,
        { failedChecks: 2 },
        { analysis: { webhooks: [{ name: 'pager', type: 'rollback', url: 'http://n/x' }] } },
      ),
      [failing('error-rate')],
      { phase: 'Failed', actions: ['setRoutes', 'scaleTarget', 'callWebhook'] },
    ],
    [
      'NoData past noDataTimeout → rollback with NoData',
      at(20, { noDataSince: ago(11 * MINUTE) }),
      [lowTraffic(0)],
      { phase: 'Failed', routes: [100, 0], scale: 0, promoted: 'False/NoData' },
    ],
    [
      'NoData within noDataTimeout → hold',
      at(20, { noDataSince: ago(5 * MINUTE) }),
      [lowTraffic(0)],
      { phase: 'Progressing', weight: 20, failedChecks: 1 },
    ],
    [
      'a failed check ends the NoData run',
      at(20, { noDataSince: ago(11 * MINUTE) }),
      [failing('error-rate')],
      { phase: 'Progressing', failedChecks: 1 },
    ],
    [
      'dryRun failure is reported, never counted',
      at(
        20,
        {},
        { analysis: { metrics: [{ name: 'error-rate', thresholdRange: { max: 1 }, dryRun: true }] } },
      ),
      [failing('error-rate')],
      { weight: 30, failedChecks: 0 },
    ],
    [
      'interval not elapsed → nothing',
      at(20, { lastAnalysisTime: ago(20_000) }),
      [passing()],
      { weight: 20, actions: [], requeue: 40_000 },
    ],
    [
      'last step passes → Promoting',
      at(50),
      [passing()],
      { phase: 'Promoting', actions: ['promoteTemplate'], events: ['Promoting'] },
    ],
    [
      'canary not ready → wait, no checks',
      at(20),
      [targetNotReady, passing()],
      { phase: 'Progressing', weight: 20, failedChecks: 0, requeue: 5_000 },
    ],
    [
      'canary scaled to 0 → scale it back',
      at(0, { stepStartedAt: undefined, lastAnalysisTime: undefined }),
      [targetScaledDown],
      { scale: 'restore', phase: 'Progressing' },
    ],
    [
      'canary not ready past progressDeadline → rollback',
      at(20, { lastAnalysisTime: ago(11 * MINUTE) }),
      [targetNotReady],
      { phase: 'Failed', promoted: 'False/ProgressDeadlineExceeded' },
    ],
    [
      'first step after start: weight 0 → stepWeight',
      at(0, { stepStartedAt: undefined, lastAnalysisTime: undefined }),
      [],
      { weight: 10, routes: [90, 10], events: ['Advanced'] },
    ],
    [
      'pre-rollout says no → failed check, no traffic',
      at(
        0,
        { stepStartedAt: undefined, lastAnalysisTime: undefined },
        { analysis: { webhooks: [{ name: 'smoke', type: 'pre-rollout', url: 'http://t/x' }] } },
      ),
      [hook('smoke', 'pre-rollout', false)],
      { weight: 0, failedChecks: 1, routes: null },
    ],
    [
      'pre-rollout says yes → first step',
      at(
        0,
        { stepStartedAt: undefined, lastAnalysisTime: undefined },
        { analysis: { webhooks: [{ name: 'smoke', type: 'pre-rollout', url: 'http://t/x' }] } },
      ),
      [hook('smoke', 'pre-rollout', true)],
      { weight: 10 },
    ],
    [
      'rollout webhook says no → failed check',
      at(20, {}, { analysis: { webhooks: [{ name: 'load', type: 'rollout', url: 'http://t/x' }] } }),
      [passing(), hook('load', 'rollout', false)],
      { weight: 20, failedChecks: 1, events: ['WebhookFailed'] },
    ],
    [
      'confirm-traffic-increase says no → hold, not a failure',
      at(
        20,
        {},
        { analysis: { webhooks: [{ name: 'ok', type: 'confirm-traffic-increase', url: 'http://t/x' }] } },
      ),
      [passing(), hook('ok', 'confirm-traffic-increase', false)],
      { weight: 20, failedChecks: 0, routes: null },
    ],
    [
      'confirm-traffic-increase timed out with abort → rollback',
      at(
        20,
        { heldGate: { name: 'ok', since: ago(6 * MINUTE) } },
        {
          analysis: {
            webhooks: [
              {
                name: 'ok',
                type: 'confirm-traffic-increase',
                url: 'http://t/x',
                gateTimeout: '5m',
                onTimeout: 'abort',
              },
            ],
          },
        },
      ),
      [passing(), hook('ok', 'confirm-traffic-increase', false)],
      { phase: 'Failed', promoted: 'False/GateTimeout' },
    ],
    [
      'confirm-traffic-increase timed out with promote → step',
      at(
        20,
        { heldGate: { name: 'ok', since: ago(6 * MINUTE) } },
        {
          analysis: {
            webhooks: [
              {
                name: 'ok',
                type: 'confirm-traffic-increase',
                url: 'http://t/x',
                gateTimeout: '5m',
                onTimeout: 'promote',
              },
            ],
          },
        },
      ),
      [passing(), hook('ok', 'confirm-traffic-increase', false)],
      { weight: 30 },
    ],
    [
      'new revision mid-rollout → restart at 0',
      at(30, { failedChecks: 2 }),
      [targetAt('rev-newer'), passing()],
      {
        phase: 'Progressing',
        weight: 0,
        failedChecks: 0,
        routes: [100, 0],
        scale: 'restore',
        events: ['NewRevision'],
      },
    ],
    [
      'skipAnalysis → promote without checks',
      at(10, {}, { spec: { skipAnalysis: true } }),
      [prometheusDown],
      { phase: 'Promoting', failedChecks: 0, actions: ['promoteTemplate'] },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });

  it('a passing step records when it started and when it ran', () => {
    const d = decide(at(20), world(at(20), passing()), NOW);
    check(d, { weight: 30, requeue: MINUTE });
    expect([d.status.stepStartedAt, d.status.lastAnalysisTime]).toEqual([ago(0), ago(0)]);
  });

  it('keeps the last measurements per check, capped at historyLimit', () => {
    const c = at(20, {}, { analysis: { historyLimit: 2, threshold: 10 } });
    let status = c.status;
    for (let i = 0; i < 4; i++) {
      const next = { ...c, status: { ...status, lastAnalysisTime: ago(MINUTE), canaryWeight: 20 } };
      status = decide(next, world(next, failing('error-rate')), NOW).status;
    }
    const errorRate = (status?.metrics ?? []).filter((m) => m.name === 'error-rate');
    expect(errorRate).toHaveLength(2);
    expect(status?.metrics).toHaveLength(6);
    expect(errorRate[1]).toMatchObject({
      verdict: 'Fail',
      reason: 'AboveMax',
      value: 20,
      samples: 500,
      thresholdRange: { max: 1 },
    });
  });

  it('the failure event names the metric, its value and its bound', () => {
    const d = decide(at(20), world(at(20), failing('error-rate')), NOW);
    const e = d.actions.find((a) => a.kind === 'event');
    expect(e).toMatchObject({
      type: 'Warning',
      message: expect.stringMatching(/error-rate: 20 is above the maximum 1/),
    });
  });

  it('a restart keeps the revision under analysis in lastAppliedSpec', () => {
    const c = at(30);
    const d = decide(c, world(c, targetAt('rev-newer')), NOW);
    expect([d.status.lastAppliedSpec, c.status?.lastAppliedSpec]).toEqual(['rev-newer', REV]);
  });
});

describe('Progressing: strategies', () => {
  it.each<Row>([
    [
      'stepWeights: next in the list',
      at(5, {}, { analysis: { stepWeights: [1, 5, 25, 60] } }),
      [passing()],
      { weight: 25, routes: [75, 25] },
    ],
    [
      'stepWeights: last passes → Promoting',
      at(60, {}, { analysis: { stepWeights: [1, 5, 25, 60] } }),
      [passing()],
      { phase: 'Promoting' },
    ],
    [
      'doubling: starts at initialWeight',
      at(
        0,
        { stepStartedAt: undefined, lastAnalysisTime: undefined },
        { analysis: { doubling: { initialWeight: 5, minSampleSize: 100 } } },
      ),
      [],
      { weight: 5 },
    ],
    [
      'doubling: enough samples → double',
      at(5, {}, { analysis: { doubling: { initialWeight: 5, minSampleSize: 100 } } }),
      [passing(), stepSamples(150)],
      { weight: 10, failedChecks: 0 },
    ],
    [
      'doubling: too few samples in the step → hold, not a failure',
      at(5, {}, { analysis: { doubling: { initialWeight: 5, minSampleSize: 100 } } }),
      [passing(), stepSamples(99)],
      { weight: 5, failedChecks: 0, routes: null, events: ['WaitingForSamples'] },
    ],
    [
      'doubling: unknown sample count → hold',
      at(5, {}, { analysis: { doubling: { initialWeight: 5, minSampleSize: 100 } } }),
      [passing(), (o) => ({ ...o, stepRequests: { error: 'down' } })],
      { weight: 5, failedChecks: 0 },
    ],
    [
      'doubling: capped at maxWeight',
      at(40, {}, { analysis: { doubling: { initialWeight: 5, minSampleSize: 100 }, maxWeight: 50 } }),
      [passing(), stepSamples(1000)],
      { weight: 50 },
    ],
    [
      'doubling: failing check still counts',
      at(5, {}, { analysis: { doubling: { initialWeight: 5, minSampleSize: 100 } } }),
      [failing('error-rate'), stepSamples(1000)],
      { weight: 5, failedChecks: 1 },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });
});
