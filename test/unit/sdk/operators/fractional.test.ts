import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlagSet } from '../../../../src/sdk/evaluator/flag-set.js';
import { compileRule } from '../../../../src/sdk/jsonlogic/compile.js';
import {
  bucketOf,
  MAX_TOTAL_WEIGHT,
  parseBuckets,
  pickVariant,
} from '../../../../src/sdk/operators/fractional.js';

interface Vector {
  flagKey: string;
  targetingKey?: string;
  bucketBy?: string;
  weights: [string, number][];
  hash: number;
  variant: string;
}
const vectors = (
  JSON.parse(
    readFileSync(new URL('../../../fixtures/flagd/fractional-vectors.json', import.meta.url), 'utf8'),
  ) as { vectors: Vector[] }
).vectors;

function evaluate(flagKey: string, targeting: unknown, ctx: Record<string, unknown>): unknown {
  const node = compileRule(targeting, flagKey);
  return node(ctx, { ctx, split: false });
}

describe('fractional golden vectors (test/fixtures/flagd/fractional-vectors.json)', () => {
  it('has a few hundred vectors', () => {
    expect(vectors.length).toBeGreaterThan(500);
  });

  it.each(vectors.map((v, i) => [i, v] as const))('vector %i', (_i, v) => {
    const targeting =
      v.bucketBy === undefined ? { fractional: v.weights } : { fractional: [v.bucketBy, ...v.weights] };
    const ctx = v.targetingKey === undefined ? {} : { targetingKey: v.targetingKey };
    expect(evaluate(v.flagKey, targeting, ctx)).toBe(v.variant);
  });
});

describe('flagd-testbed fractional scenarios (@fractional-v2)', () => {
  const cards = [
    ['clubs', 25],
    ['diamonds', 25],
    ['hearts', 25],
    ['spades', 25],
  ];
  it.each([
    ['jack', 'hearts'],
    ['queen', 'spades'],
    ['ten', 'clubs'],
    ['nine', 'diamonds'],
    ['3', 'clubs'],
  ])('fractional-flag: user.name %s → %s', (name, card) => {
    const targeting = { fractional: [{ cat: [{ var: '$flagd.flagKey' }, { var: 'user.name' }] }, ...cards] };
    expect(evaluate('fractional-flag', targeting, { user: { name: name } })).toBe(card);
  });

  it.each([
    ['seven', 'hearts'],
    ['eight', 'diamonds'],
    ['nine', 'clubs'],
    ['two', 'spades'],
  ])('shared seed: user.name %s → %s', (name, card) => {
    const targeting = { fractional: [{ cat: ['shared-seed', { var: 'user.name' }] }, ...cards] };
    expect(evaluate('fractional-flag-A-shared-seed', targeting, { user: { name } })).toBe(card);
  });

  it.each([
    ['ejOoVL', 'lower'],
    ['bY9fO-', 'lower'],
    ['SI7p-', 'lower'],
    ['6LvT0', 'upper'],
    ['ceQdGm', 'upper'],
  ])('hash edge key %s → %s', (key, half) => {
    const targeting = { fractional: [{ var: 'targetingKey' }, ['lower', 50], ['upper', 50]] };
    expect(evaluate('fractional-hash-edge-flag', targeting, { targetingKey: key })).toBe(half);
  });
});

describe('fractional semantics', () => {
  it.each([
    ['no targetingKey → null (default variant)', { fractional: [['a', 1]] }, {}, null],
    ['empty targetingKey → null', { fractional: [['a', 1]] }, { targetingKey: '' }, null],
    ['explicit bucketing key needs no targetingKey', { fractional: ['k', ['a', 1]] }, {}, 'a'],
    ['single bucket always wins', { fractional: [['only']] }, { targetingKey: 'x' }, 'only'],
    [
      'all weights 0 → null',
      {
        fractional: [
          ['a', 0],
          ['b', 0],
        ],
      },
      { targetingKey: 'x' },
      null,
    ],
    [
      'negative weight counts as 0',
      {
        fractional: [
          ['a', -50],
          ['b', 10],
        ],
      },
      { targetingKey: 'x' },
      'b',
    ],
    [
      'non-integer weight → null',
      {
        fractional: [
          ['a', 1.5],
          ['b', 1],
        ],
      },
      { targetingKey: 'x' },
      null,
    ],
    ['non-array bucket → null', { fractional: ['k', 'a'] }, {}, null],
    ['bucket with 3 items → null', { fractional: [['a', 1, 2]] }, { targetingKey: 'x' }, null],
    [
      'weights over MaxInt32 → null',
      {
        fractional: [
          ['a', MAX_TOTAL_WEIGHT],
          ['b', 1],
        ],
      },
      { targetingKey: 'x' },
      null,
    ],
    ['no arguments → null', { fractional: [] }, { targetingKey: 'x' }, null],
    ['bucketing key only → null', { fractional: ['k'] }, {}, null],
    [
      'computed variant name',
      {
        fractional: [
          { var: 'targetingKey' },
          [{ if: [{ '==': [{ var: 'tier' }, 'gold'] }, 'gold', 'std'] }, 1],
        ],
      },
      { targetingKey: 'x', tier: 'gold' },
      'gold',
    ],
    [
      'computed weight',
      { fractional: ['k', ['a', { if: [{ var: 'vip' }, 100, 0] }], ['b', 10]] },
      { vip: false },
      'b',
    ],
    [
      'a missing bucketing value with no targetingKey → null',
      { fractional: [{ var: 'nope' }, ['a', 1]] },
      {},
      null,
    ],
  ])('%s', (_name, targeting, ctx, expected) => {
    expect(evaluate('f', targeting, ctx)).toBe(expected);
  });

  it('marks the scope as split when it chose a variant', () => {
    const node = compileRule({ fractional: [['a', 1]] }, 'f');
    const scope = { ctx: { targetingKey: 'u' }, split: false };
    node(scope.ctx, scope);
    expect(scope.split).toBe(true);
  });

  it('bucketOf equals the 64-bit formula (hash × total) >> 32', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: MAX_TOTAL_WEIGHT }),
        (hash, total) => {
          expect(bucketOf(hash, total)).toBe(Number((BigInt(hash) * BigInt(total)) >> 32n));
        },
      ),
    );
  });

  it('parseBuckets defaults weights to 1 and keeps non-string variants', () => {
    expect(parseBuckets([['a'], [true, 3], [7, 2], [null, 1]])).toEqual([
      { variant: 'a', weight: 1 },
      { variant: true, weight: 3 },
      { variant: 7, weight: 2 },
      { variant: null, weight: 1 },
    ]);
  });

  it('pickVariant walks cumulative weights', () => {
    const buckets = [
      { variant: 'a', weight: 1 },
      { variant: 'b', weight: 3 },
    ];
    expect(pickVariant(0, buckets, 4)).toBe('a');
    expect(pickVariant(0x3fffffff, buckets, 4)).toBe('a');
    expect(pickVariant(0x40000000, buckets, 4)).toBe('b');
    expect(pickVariant(0xffffffff, buckets, 4)).toBe('b');
  });

  it('10 % rollout puts about 10 % of 10,000 users on, the same users every time', () => {
    const set = FlagSet.fromObject({
      flags: {
        'new-checkout': {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'off',
          targeting: {
            fractional: [
              ['on', 10],
              ['off', 90],
            ],
          },
        },
      },
    });
    const on = (i: number): boolean =>
      set.get('new-checkout')!.resolve({ targetingKey: `user-${i}` }).details?.value === true;
    let count = 0;
    for (let i = 0; i < 10_000; i++) if (on(i)) count++;
    expect(count).toBeGreaterThan(900);
    expect(count).toBeLessThan(1100);
    for (let i = 0; i < 200; i++) expect(on(i)).toBe(on(i));
  });

  it('a 50/25/25 experiment splits 10,000 users within ±2 points', () => {
    const node = compileRule(
      {
        fractional: [
          ['control', 50],
          ['a', 25],
          ['b', 25],
        ],
      },
      'experiment',
    );
    const counts: Record<string, number> = { control: 0, a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) {
      const ctx = { targetingKey: `user-${i}` };
      const v = node(ctx, { ctx, split: false }) as string;
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(Math.abs(counts.control! - 5000)).toBeLessThan(200);
    expect(Math.abs(counts.a! - 2500)).toBeLessThan(200);
    expect(Math.abs(counts.b! - 2500)).toBeLessThan(200);
  });
});
