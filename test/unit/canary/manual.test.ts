import { describe, expect, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import type { CanaryStatus } from '../../../src/api/canary-status.js';
import { decide } from '../../../src/canary/decide.js';
import { ANNOTATIONS } from '../../../src/canary/types.js';
import {
  ago,
  at,
  check,
  failing,
  MINUTE,
  NOW,
  passing,
  REV,
  settledAt,
  targetIdle,
  world,
  type Expected,
  type Mod,
} from './builders.js';

const paused = {
  type: 'Paused',
  status: 'True' as const,
  reason: 'Paused',
  message: 'paused',
  lastTransitionTime: ago(MINUTE),
};

const annotated = (c: Canary, ...commands: (keyof typeof ANNOTATIONS)[]): Canary => ({
  ...c,
  metadata: { ...c.metadata, annotations: Object.fromEntries(commands.map((k) => [ANNOTATIONS[k], 'true'])) },
});

const withStatus = (c: Canary, extra: Partial<CanaryStatus>): Canary => ({
  ...c,
  status: { ...c.status, ...extra },
});

describe('manual control', () => {
  it.each<[string, Canary, Mod[], Expected]>([
    [
      'abort while Progressing → rollback, annotation cleared',
      annotated(at(30), 'abort'),
      [passing()],
      {
        phase: 'Failed',
        routes: [100, 0],
        scale: 0,
        promoted: 'False/Aborted',
        actions: ['clearAnnotation', 'setRoutes', 'scaleTarget'],
      },
    ],
    [
      'abort while WaitingPromotion → rollback',
      annotated(at(50, { phase: 'WaitingPromotion' }), 'abort'),
      [],
      { phase: 'Failed', promoted: 'False/Aborted' },
    ],
    [
      'abort when settled → ignored with a warning, cleared',
      annotated(settledAt('Succeeded', REV), 'abort'),
      [targetIdle],
      { phase: 'Succeeded', actions: ['clearAnnotation'], events: ['ManualCommandIgnored'] },
    ],
    [
      'promote while Progressing → Promoting, checks skipped',
      annotated(at(20), 'promote'),
      [failing('error-rate')],
      { phase: 'Promoting', failedChecks: 0, actions: ['clearAnnotation', 'promoteTemplate'] },
    ],
    [
      'promote while Waiting → Promoting the new revision',
      annotated(settledAt('Waiting', 'rev-old'), 'promote'),
      [],
      { phase: 'Promoting', actions: ['clearAnnotation', 'scaleTarget', 'promoteTemplate'] },
    ],
    [
      'promote when Failed → ignored',
      annotated(settledAt('Failed', REV), 'promote'),
      [targetIdle],
      { phase: 'Failed', events: ['ManualCommandIgnored'] },
    ],
    [
      'retry after a rollback → same revision analysed again',
      annotated(settledAt('Failed', REV, { failedChecks: 3 }), 'retry'),
      [targetIdle],
      { phase: 'Progressing', failedChecks: 0, weight: 0, scale: 'restore', events: ['Retry'] },
    ],
    [
      'retry while Progressing → ignored',
      annotated(at(20, { lastAnalysisTime: ago(1000) }), 'retry'),
      [],
      { phase: 'Progressing', events: ['ManualCommandIgnored'] },
    ],
    [
      'pause → frozen: Paused condition, no step',
      annotated(at(20), 'pause'),
      [passing()],
      { weight: 20, actions: ['clearAnnotation'], events: ['Paused'] },
    ],
    [
      'paused → nothing moves, no checks counted',
      withStatus(at(20), { conditions: [paused] }),
      [failing('error-rate')],
      { weight: 20, failedChecks: 0, actions: [], events: [] },
    ],
    [
      'resume → analysis continues in the same reconcile',
      annotated(withStatus(at(20), { conditions: [paused] }), 'resume'),
      [passing()],
      { weight: 30, events: ['Resumed', 'Advanced'] },
    ],
    [
      'abort wins over pause',
      annotated(at(20), 'pause', 'abort'),
      [passing()],
      { phase: 'Failed', actions: ['clearAnnotation', 'clearAnnotation', 'setRoutes', 'scaleTarget'] },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });

  it('pause lives in a condition, so it survives restarts; resume removes it', () => {
    const c = annotated(at(20), 'pause');
    const d = decide(c, world(c, passing()), NOW);
    expect(d.status.conditions?.find((x) => x.type === 'Paused')?.status).toBe('True');
    const r = annotated({ ...at(20), status: d.status }, 'resume');
    expect(decide(r, world(r, passing()), NOW).status.conditions?.some((x) => x.type === 'Paused')).toBe(
      false,
    );
  });

  it('retry records the retried revision', () => {
    const c = annotated(settledAt('Failed', REV), 'retry');
    expect(decide(c, world(c, targetIdle), NOW).status).toMatchObject({
      retriedRevision: REV,
      lastAppliedSpec: REV,
    });
  });
});
