import type { FlagdConfig } from '../../src/sdk/index.js';

/** The evaluation context every peer receives (each peer adapts it to its own shape). */
// A type alias, not an interface, so it is assignable to the SDKs' index-signature contexts.
export type BenchUser = {
  targetingKey: string;
  email: string;
  plan: string;
};

export const SHAPES = [
  'boolean',
  'attributes',
  'user-list',
  'rollout-10',
  'experiment-3',
  'set-1000',
] as const;
export type Shape = (typeof SHAPES)[number];

/** Flag key evaluated per shape; `set-1000` cycles through 1,000 keys. */
export const FLAG_KEY: Record<Exclude<Shape, 'set-1000'>, string> = {
  boolean: 'bool-flag',
  attributes: 'attr-flag',
  'user-list': 'list-flag',
  'rollout-10': 'rollout-flag',
  'experiment-3': 'experiment-flag',
};
export const SET_SIZE = 1000;
export const setKey = (i: number): string => `set-flag-${i}`;
/** Pre-built so key construction stays out of the timed loop. */
export const SET_KEYS: string[] = Array.from({ length: 1000 }, (_, i) => setKey(i));

/** Every other user key up to 2,000: half of the pool is listed. */
export const LISTED_KEYS: string[] = Array.from({ length: 1000 }, (_, i) => `user-${i * 2}`);
export const PLANS = ['premium', 'enterprise'];
const ALL_PLANS = ['free', 'premium', 'pro', 'enterprise'];

/** A fixed, varied pool of users, cycled by index so every peer sees the same sequence. */
export function userPool(size = 1024): BenchUser[] {
  return Array.from({ length: size }, (_, i) => ({
    targetingKey: `user-${i}`,
    email: i % 3 === 0 ? `u${i}@company.com` : `u${i}@example.org`,
    plan: ALL_PLANS[i % ALL_PLANS.length] ?? 'free',
  }));
}

const onOff = { on: true, off: false };
const attrRule = {
  if: [
    {
      and: [{ ends_with: [{ var: 'email' }, '@company.com'] }, { in: [{ var: 'plan' }, PLANS] }],
    },
    'on',
    'off',
  ],
};

/** The flags in flagd's format: the source of truth that Fledge and flagd-core load as is. */
export function flagdConfig(): FlagdConfig {
  const flags: Record<string, unknown> = {
    'bool-flag': { state: 'ENABLED', variants: onOff, defaultVariant: 'on' },
    'attr-flag': { state: 'ENABLED', variants: onOff, defaultVariant: 'off', targeting: attrRule },
    'list-flag': {
      state: 'ENABLED',
      variants: onOff,
      defaultVariant: 'off',
      targeting: { if: [{ in: [{ var: 'targetingKey' }, LISTED_KEYS] }, 'on', 'off'] },
    },
    'rollout-flag': {
      state: 'ENABLED',
      variants: onOff,
      defaultVariant: 'off',
      targeting: {
        fractional: [
          ['on', 10],
          ['off', 90],
        ],
      },
    },
    'experiment-flag': {
      state: 'ENABLED',
      variants: { control: 'control', a: 'a', b: 'b' },
      defaultVariant: 'control',
      targeting: {
        fractional: [
          ['control', 50],
          ['a', 25],
          ['b', 25],
        ],
      },
    },
  };
  for (let i = 0; i < SET_SIZE; i++) {
    flags[setKey(i)] = { state: 'ENABLED', variants: onOff, defaultVariant: 'off', targeting: attrRule };
  }
  return { flags } as unknown as FlagdConfig;
}
