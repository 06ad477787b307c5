import { describe, expect, it } from 'vitest';
import { withCanaryDefaults } from '../../../src/api/canary-defaults.js';
import type { Webhook } from '../../../src/api/webhook.js';
import { makeCtx, type Draft } from '../../../src/canary/context.js';
import { evaluateGate, failedHooks } from '../../../src/canary/gates.js';
import { ago, at, hook, MINUTE, NOW, world, type Mod } from './builders.js';

const gate = (extra: Partial<Webhook> = {}): Webhook => ({
  name: 'ship',
  type: 'confirm-promotion',
  url: 'http://gate/x',
  ...extra,
});

function evaluate(hooks: Webhook[], heldSince: string | undefined, ...mods: Mod[]) {
  const c = at(50, {}, { analysis: { webhooks: hooks } });
  const ctx = makeCtx(withCanaryDefaults(c), world(c, ...mods), NOW);
  const d: Draft = {
    status: { ...(heldSince ? { heldGate: { name: 'ship', since: heldSince } } : {}) },
    actions: [],
  };
  const state = evaluateGate(ctx, d, 'confirm-promotion');
  return state.open ? 'open' : `closed${state.timedOut ? `:${state.timedOut}` : ''}`;
}

describe('evaluateGate', () => {
  it.each<[string, Webhook[], string | undefined, Mod[], string]>([
    ['no gate → open', [], undefined, [], 'open'],
    ['yes → open', [gate()], undefined, [hook('ship', 'confirm-promotion', true)], 'open'],
    ['no → closed', [gate()], undefined, [hook('ship', 'confirm-promotion', false)], 'closed'],
    ['not called → closed', [gate()], undefined, [], 'closed'],
    [
      'one of two says no → closed',
      [gate(), gate({ name: 'qa' })],
      undefined,
      [hook('ship', 'confirm-promotion', true), hook('qa', 'confirm-promotion', false)],
      'closed',
    ],
    ['no timeout: closed forever', [gate()], ago(999 * MINUTE), [], 'closed'],
    [
      'within gateTimeout → closed',
      [gate({ gateTimeout: '10m', onTimeout: 'abort' })],
      ago(9 * MINUTE),
      [],
      'closed',
    ],
    ['past gateTimeout, hold', [gate({ gateTimeout: '10m' })], ago(10 * MINUTE), [], 'closed:hold'],
    [
      'past gateTimeout, abort',
      [gate({ gateTimeout: '10m', onTimeout: 'abort' })],
      ago(10 * MINUTE),
      [],
      'closed:abort',
    ],
    [
      'past gateTimeout, promote → open',
      [gate({ gateTimeout: '10m', onTimeout: 'promote' })],
      ago(10 * MINUTE),
      [],
      'open',
    ],
    [
      'gateTimeout 0s never times out',
      [gate({ gateTimeout: '0s', onTimeout: 'abort' })],
      ago(10 * MINUTE),
      [],
      'closed',
    ],
    ['other types are not this gate', [gate({ type: 'confirm-rollout' })], undefined, [], 'open'],
  ])('%s', (_name, hooks, heldSince, mods, expected) => {
    expect(evaluate(hooks, heldSince, ...mods)).toBe(expected);
  });
});

describe('failedHooks', () => {
  it('lists each check webhook that said no or was not called', () => {
    const hooks: Webhook[] = [
      { name: 'a', type: 'rollout', url: 'http://h/a' },
      { name: 'b', type: 'rollout', url: 'http://h/b' },
      { name: 'c', type: 'rollout', url: 'http://h/c' },
    ];
    const c = at(20, {}, { analysis: { webhooks: hooks } });
    const o = world(c, hook('a', 'rollout', true), hook('b', 'rollout', false));
    expect(failedHooks(makeCtx(withCanaryDefaults(c), o, NOW), 'rollout')).toEqual([
      'rollout webhook b said no',
      'rollout webhook c was not called',
    ]);
  });
});
