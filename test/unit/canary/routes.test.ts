import { describe, expect, it } from 'vitest';
import { withCanaryDefaults } from '../../../src/api/canary-defaults.js';
import type { Canary } from '../../../src/api/canary.js';
import { makeCtx } from '../../../src/canary/context.js';
import { desiredRoutes } from '../../../src/canary/routes.js';
import type { Routes } from '../../../src/canary/types.js';
import {
  at,
  NOW,
  primaryNotReady,
  primaryRolling,
  settledAt,
  targetNotReady,
  world,
  type Mod,
} from './builders.js';

const routesFor = (c: Canary, ...mods: Mod[]): Routes => {
  const ctx = makeCtx(withCanaryDefaults(c), world(c, ...mods), NOW);
  return desiredRoutes(ctx, c.status ?? {});
};

describe('desiredRoutes', () => {
  it.each<[string, Canary, Mod[], Routes]>([
    ['settled → all on the primary', settledAt('Succeeded'), [], { primary: 100, canary: 0 }],
    ['progressing → the status weight', at(30), [], { primary: 70, canary: 30 }],
    [
      'waiting for promotion → the status weight',
      at(50, { phase: 'WaitingPromotion' }),
      [],
      { primary: 50, canary: 50 },
    ],
    [
      'promoting → split kept while the primary rolls',
      at(50, { phase: 'Promoting' }),
      [primaryRolling],
      { primary: 50, canary: 50 },
    ],
    ['finalising → all on the primary', at(0, { phase: 'Finalising' }), [], { primary: 100, canary: 0 }],
    ['failed → all on the primary', settledAt('Failed'), [], { primary: 100, canary: 0 }],
    [
      'primary not serving, canary serving → all on the canary',
      at(50, { phase: 'Promoting' }),
      [primaryNotReady],
      { primary: 0, canary: 100 },
    ],
    [
      'canary not serving, primary serving → all on the primary',
      at(30),
      [targetNotReady],
      { primary: 100, canary: 0 },
    ],
    [
      'neither serving → as the status says',
      at(30),
      [targetNotReady, primaryNotReady],
      { primary: 70, canary: 30 },
    ],
    [
      'A/B started → match route',
      at(0, {}, { analysis: { iterations: 2, match: [{ headers: { x: { exact: '1' } } }] } }),
      [],
      { primary: 100, canary: 0, match: [{ headers: { x: { exact: '1' } } }] },
    ],
    [
      'A/B not started → no match route yet',
      at(
        0,
        { stepStartedAt: undefined },
        { analysis: { iterations: 2, match: [{ headers: { x: { exact: '1' } } }] } },
      ),
      [],
      { primary: 100, canary: 0 },
    ],
    [
      'A/B with the canary not serving → no match route',
      at(0, {}, { analysis: { iterations: 2, match: [{ headers: { x: { exact: '1' } } }] } }),
      [targetNotReady],
      { primary: 100, canary: 0 },
    ],
    [
      'mirror without weight → mirror everything',
      at(0, {}, { analysis: { iterations: 2, mirror: true } }),
      [],
      { primary: 100, canary: 0, mirrorWeight: 100 },
    ],
  ])('%s', (_name, c, mods, expected) => {
    expect(routesFor(c, ...mods)).toEqual(expected);
  });
});
