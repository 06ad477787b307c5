/* eslint-disable @typescript-eslint/no-explicit-any -- tables write deliberately ill-typed values into resources */
/**
 * FeatureFlag validation: each row breaks one thing in the new-checkout
 * example (DESIGN.md) and names the field path and message a user must see.
 */
import { describe, expect, it } from 'vitest';
import { exampleExperimentFlag, exampleFeatureFlag, exampleGuardedFlag } from '../../../src/api/examples.js';
import { validateFeatureFlag } from '../../../src/api/validate.js';

type Mutation = (f: any) => void;

const invalid: [string, Mutation, string, string][] = [
  [
    'defaultVariant not a variant',
    (f) => (f.spec.defaultVariant = 'maybe'),
    'spec.defaultVariant',
    '"maybe" is not one of the variants (on, off)',
  ],
  [
    'variants of mixed types',
    (f) => (f.spec.variants.off = 'no'),
    'spec.variants.off',
    'is a string but variant "on" is a boolean',
  ],
  [
    'array variant',
    (f) => (f.spec.variants.on = [true]),
    'spec.variants.on',
    'must be a boolean, string, number or object',
  ],
  ['no variants', (f) => (f.spec.variants = {}), 'spec.variants', 'at least one variant'],
  ['bad state', (f) => (f.spec.state = 'ON'), 'spec.state', 'must be ENABLED or DISABLED'],
  ['bad type', (f) => (f.spec.type = 'temporary'), 'spec.type', 'release, experiment, ops, permission'],
  ['flag set not a DNS label', (f) => (f.spec.flagSet = 'My_Set'), 'spec.flagSet', 'DNS label'],
  ['expires not a date', (f) => (f.spec.expires = 'next year'), 'spec.expires', 'YYYY-MM-DD'],
  ['expires a date that does not exist', (f) => (f.spec.expires = '2027-02-30'), 'spec.expires', 'exists'],
  [
    'rule without attribute',
    (f) => (f.spec.rules[2].when = { in: ['user-1'] }),
    'spec.rules[2].when.attribute',
    'required',
  ],
  [
    'rule with two operators',
    (f) => (f.spec.rules[0].when.startsWith = 'x'),
    'spec.rules[0].when',
    'exactly one operator',
  ],
  [
    'rule with attribute and all',
    (f) => (f.spec.rules[0].when = { attribute: 'a', all: [{ attribute: 'b', equals: 1 }] }),
    'spec.rules[0].when',
    'exactly one operator',
  ],
  [
    'empty condition',
    (f) => (f.spec.rules[1].when = {}),
    'spec.rules[1].when',
    'needs exactly one of attribute, all, any, not, segment',
  ],
  ['empty all', (f) => (f.spec.rules[1].when = { all: [] }), 'spec.rules[1].when.all', 'must not be empty'],
  [
    'nested condition broken',
    (f) => (f.spec.rules[1].when = { any: [{ attribute: 'a', equals: 1 }, { all: [{ not: { lt: 3 } }] }] }),
    'spec.rules[1].when.any[1].all[0].not.attribute',
    'required',
  ],
  [
    'unknown operator',
    (f) => (f.spec.rules[0].when = { attribute: 'email', like: '%@x' }),
    'spec.rules[0].when.like',
    'unknown field',
  ],
  [
    'bad semver op',
    (f) => (f.spec.rules[0].when = { attribute: 'v', semver: { op: '=>', version: '1.0.0' } }),
    'spec.rules[0].when.semver.op',
    'must be one of',
  ],
  [
    'bad semver version',
    (f) => (f.spec.rules[0].when = { attribute: 'v', semver: { op: '>=', version: 'latest' } }),
    'spec.rules[0].when.semver.version',
    'version such as 1.2.3',
  ],
  [
    'lt on a string',
    (f) => (f.spec.rules[0].when = { attribute: 'age', lt: '18' }),
    'spec.rules[0].when.lt',
    'must be a number',
  ],
  [
    'rule variant not a variant',
    (f) => (f.spec.rules[1].variant = 'yes'),
    'spec.rules[1].variant',
    'not one of the variants',
  ],
  [
    'duplicate rule names',
    (f) => (f.spec.rules[1].name = 'staff'),
    'spec.rules[1].name',
    'duplicate name "staff"',
  ],
  ['rule name missing', (f) => delete f.spec.rules[0].name, 'spec.rules[0].name', 'required'],
  [
    'percentage over 100',
    (f) => (f.spec.rollout.percentage = 150),
    'spec.rollout.percentage',
    'between 0 and 100',
  ],
  [
    'static rollout without percentage',
    (f) => (f.spec.rollout = {}),
    'spec.rollout.percentage',
    'needs percentage',
  ],
  [
    'rollout variant not a variant',
    (f) => (f.spec.rollout.variant = 'beta'),
    'spec.rollout.variant',
    'not one of the variants',
  ],
  [
    'rollout variant needed with three variants',
    (f) => (f.spec.variants.maybe = true),
    'spec.rollout.variant',
    'required unless there are exactly two variants',
  ],
  [
    'guarded fields on a static rollout',
    (f) => (f.spec.rollout.steps = [1, 5]),
    'spec.rollout',
    'need strategy: guarded',
  ],
  [
    'rollout and distribution',
    (f) => (f.spec.distribution = [{ variant: 'on', weight: 1 }]),
    'spec.distribution',
    'mutually exclusive',
  ],
  [
    'targeting with sugar',
    (f) => (f.spec.targeting = { if: [true, 'on', 'off'] }),
    'spec.targeting',
    'exclusive with rules, rollout and distribution',
  ],
  [
    'segment name invalid',
    (f) => (f.spec.rules[0].when = { segment: 'no spaces' }),
    'spec.rules[0].when.segment',
    'letters, digits',
  ],
  [
    'kill switch without metrics',
    (f) => (f.spec.killSwitch = { metrics: [] }),
    'spec.killSwitch.metrics',
    'must not be empty',
  ],
  [
    'kill switch variant without action',
    (f) =>
      (f.spec.killSwitch = {
        metrics: [{ name: 'errors', query: 'up', thresholdRange: { max: 1 } }],
        variant: 'off',
      }),
    'spec.killSwitch.variant',
    'needs action: variant',
  ],
  [
    'kill switch action variant without variant',
    (f) =>
      (f.spec.killSwitch = {
        metrics: [{ name: 'errors', query: 'up', thresholdRange: { max: 1 } }],
        action: 'variant',
      }),
    'spec.killSwitch.variant',
    'action: variant needs variant',
  ],
  [
    'kill switch to an unknown variant',
    (f) =>
      (f.spec.killSwitch = {
        metrics: [{ name: 'errors', query: 'up', thresholdRange: { max: 1 } }],
        action: 'variant',
        variant: 'safe',
      }),
    'spec.killSwitch.variant',
    'not one of the variants',
  ],
];

const invalidExperiment: [string, Mutation, string, string][] = [
  ['zero weight', (f) => (f.spec.distribution[1].weight = 0), 'spec.distribution[1].weight', 'between 1 and'],
  [
    'unknown variant',
    (f) => (f.spec.distribution[2].variant = 'red'),
    'spec.distribution[2].variant',
    'not one of the variants',
  ],
  [
    'duplicate variant',
    (f) => (f.spec.distribution[2].variant = 'green'),
    'spec.distribution[2].variant',
    'duplicate variant',
  ],
];

const invalidGuarded: [string, Mutation, string, string][] = [
  [
    'steps not ascending',
    (f) => (f.spec.rollout.steps = [1, 10, 5]),
    'spec.rollout.steps',
    'strictly ascending',
  ],
  [
    'steps and doubling',
    (f) => (f.spec.rollout.doubling = { initial: 1 }),
    'spec.rollout.doubling',
    'mutually exclusive',
  ],
  ['no metrics', (f) => delete f.spec.rollout.metrics, 'spec.rollout.metrics', 'at least one metric'],
  [
    'fallback not a variant',
    (f) => (f.spec.rollout.fallbackVariant = 'none'),
    'spec.rollout.fallbackVariant',
    'not one of the variants',
  ],
  ['zero interval', (f) => (f.spec.rollout.interval = '0s'), 'spec.rollout.interval', 'longer than zero'],
];

function expectIssue(flag: unknown, path: string, message: string): void {
  const result = validateFeatureFlag(flag);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.issues).toContainEqual({ path, message: expect.stringContaining(message) });
  expect(result.error.message).toMatch(/^FeatureFlag shop\/[a-z-]+: /);
}

describe('validateFeatureFlag', () => {
  it.each([
    ['new-checkout', exampleFeatureFlag()],
    ['experiment', exampleExperimentFlag()],
    ['guarded', exampleGuardedFlag()],
  ])('accepts the %s example', (_name, flag) => {
    const result = validateFeatureFlag(flag);
    expect(result.ok ? [] : result.error.issues).toEqual([]);
  });

  it.each(invalid)('%s → %s', (_name, mutate, path, message) => {
    const flag = exampleFeatureFlag();
    mutate(flag);
    expectIssue(flag, path, message);
  });

  it.each(invalidExperiment)('experiment: %s → %s', (_name, mutate, path, message) => {
    const flag = exampleExperimentFlag();
    mutate(flag);
    expectIssue(flag, path, message);
  });

  it.each(invalidGuarded)('guarded: %s → %s', (_name, mutate, path, message) => {
    const flag = exampleGuardedFlag();
    mutate(flag);
    expectIssue(flag, path, message);
  });

  it.each<[string, Mutation]>([
    [
      'raw JsonLogic targeting',
      (f) => {
        delete f.spec.rules;
        delete f.spec.rollout;
        f.spec.targeting = { if: [{ in: ['@company.com', { var: 'email' }] }, 'on', 'off'] };
      },
    ],
    [
      'object variants',
      (f) => {
        f.spec.variants = { on: { color: 'red', size: 2 }, off: { color: 'blue', size: 1 } };
      },
    ],
    [
      'numeric variants and comparisons',
      (f) => {
        f.spec.variants = { on: 10, off: 0 };
        f.spec.rules = [{ name: 'adults', when: { attribute: 'age', gte: 18 }, variant: 'on' }];
      },
    ],
    [
      'glob and combinations',
      (f) => {
        f.spec.rules = [
          {
            name: 'staff-not-interns',
            when: {
              all: [
                { attribute: 'email', matches: '*@company.com' },
                { not: { attribute: 'role', equals: 'intern' } },
              ],
            },
            variant: 'on',
          },
        ];
      },
    ],
    [
      'a disabled flag without targeting',
      (f) => {
        f.spec = { state: 'DISABLED', variants: { on: true, off: false }, defaultVariant: 'off' };
      },
    ],
    [
      'status as the controller writes it',
      (f) => {
        f.status = {
          observedGeneration: 2,
          conditions: [
            { type: 'Ready', status: 'False', reason: 'Invalid', message: 'spec.defaultVariant: …' },
          ],
          publishedTo: { configMap: 'fledge-flags-default', namespace: 'shop' },
          compiledHash: 'sha256:abc',
          expired: false,
          rollout: {
            phase: 'Progressing',
            percentage: 10,
            currentStep: 2,
            history: [{ percentage: 5, time: '2026-11-28T01:00:00Z' }],
          },
        };
      },
    ],
  ])('accepts %s', (_name, mutate) => {
    const flag = exampleFeatureFlag();
    mutate(flag);
    const result = validateFeatureFlag(flag);
    expect(result.ok ? [] : result.error.issues).toEqual([]);
  });
});
