/**
 * `analysis.stepWeightPromotion`: once the primary runs the new revision, the
 * canary's share goes back to it one step per interval; the last step is
 * Finalising's 100 % primary. Without the field, all traffic moves at once.
 */
import { describe, expect, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import { decide } from '../../../src/canary/decide.js';
import {
  ago,
  at,
  check,
  MINUTE,
  NOW,
  primaryAt,
  primaryNotReady,
  REV,
  routes,
  world,
  type Expected,
  type Mod,
} from './builders.js';

/** Promoting at `weight`, the last traffic step `stepAgo` ms ago. */
const promoting = (weight: number, stepAgo: number, stepWeightPromotion?: number): Canary =>
  at(
    weight,
    { phase: 'Promoting', lastTransitionTime: ago(2 * MINUTE), stepStartedAt: ago(stepAgo) },
    stepWeightPromotion === undefined ? {} : { analysis: { stepWeightPromotion } },
  );

describe('stepWeightPromotion', () => {
  it.each<[string, Canary, Mod[], Expected]>([
    [
      'unset: primary rolled out → all traffic at once',
      promoting(50, MINUTE),
      [primaryAt(REV)],
      { phase: 'Finalising', weight: 0, routes: [100, 0] },
    ],
    [
      'primary rolled out, interval due → one step back to the primary',
      promoting(50, MINUTE, 20),
      [primaryAt(REV)],
      { phase: 'Promoting', weight: 30, routes: [70, 30], events: ['PromotionStep'], requeue: MINUTE },
    ],
    [
      'interval not due → wait for it, routes kept',
      promoting(30, 20_000, 20),
      [primaryAt(REV), routes(70, 30)],
      { phase: 'Promoting', weight: 30, actions: [], events: [], requeue: 40_000 },
    ],
    [
      'a step that would reach 0 % → Finalising does the last one',
      promoting(10, MINUTE, 20),
      [primaryAt(REV), routes(90, 10)],
      { phase: 'Finalising', weight: 0, routes: [100, 0], scale: null },
    ],
    [
      'exact multiple: 20 → 0 is the last step, Finalising',
      promoting(20, MINUTE, 20),
      [primaryAt(REV), routes(80, 20)],
      { phase: 'Finalising', weight: 0, routes: [100, 0] },
    ],
    [
      'primary not yet on the new revision → copy first, no step',
      promoting(50, MINUTE, 20),
      [],
      { phase: 'Promoting', weight: 50, actions: ['promoteTemplate'] },
    ],
    [
      'primary rolling out → no step (its pods are not ready for more load)',
      promoting(50, MINUTE, 20),
      [primaryAt(REV), primaryNotReady],
      { phase: 'Promoting', weight: 50 },
    ],
    [
      'already at 0 % → Finalising',
      promoting(0, MINUTE, 20),
      [primaryAt(REV), routes(100, 0)],
      { phase: 'Finalising', weight: 0 },
    ],
    [
      'A/B iterations never had weight → straight to Finalising',
      at(
        0,
        { phase: 'Promoting', lastTransitionTime: ago(MINUTE) },
        {
          analysis: {
            iterations: 2,
            stepWeightPromotion: 20,
            match: [{ headers: { x: { exact: '1' } } }],
          },
        },
      ),
      [primaryAt(REV)],
      { phase: 'Finalising', routes: [100, 0] },
    ],
  ])('%s', (_name, c, mods, expected) => {
    check(decide(c, world(c, ...mods), NOW), expected);
  });

  it('walks 50 → 30 → 10 → Finalising, one step per interval, no checks run', () => {
    let c = promoting(50, MINUTE, 20);
    const seen: number[] = [];
    let now = NOW;
    for (let i = 0; i < 5 && c.status?.phase === 'Promoting'; i++) {
      const weight = c.status.canaryWeight ?? 0;
      const d = decide(c, world(c, primaryAt(REV), routes(100 - weight, weight)), now);
      seen.push(d.status.canaryWeight ?? -1);
      // No metric was asked for, and none is judged: promotion is not analysis.
      expect(d.status.metrics).toBeUndefined();
      c = { ...c, status: d.status };
      now += MINUTE;
    }
    expect(seen).toEqual([30, 10, 0]);
    expect(c.status?.phase).toBe('Finalising');
  });
});
