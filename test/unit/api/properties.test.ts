/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- mutations write deliberately ill-typed values into resources */
/**
 * Property-based: thousands of random and mutated resources through
 * validation and defaulting. Nothing may throw; every rejection names a
 * field; whatever is accepted stays valid, unchanged in meaning, after
 * defaulting, and defaulting is idempotent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exampleCanary,
  exampleExperimentFlag,
  exampleFeatureFlag,
  exampleGuardedFlag,
  exampleMetricTemplate,
} from '../../../src/api/examples.js';
import {
  validateCanary,
  validateFeatureFlag,
  validateMetricTemplate,
  type ValidationResult,
} from '../../../src/api/validate.js';
import { withDefaults } from '../../../src/api/with-defaults.js';

type Json = unknown;
type Path = (string | number)[];

/** Every path to a value inside a JSON tree (root excluded). */
function paths(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  }
  return [];
}

type Mutation =
  | { op: 'set'; at: number; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'addKey'; at: number; key: string; value: Json };

function mutate(root: Json, mutations: Mutation[]): Json {
  const copy = structuredClone(root) as Record<string, unknown>;
  for (const m of mutations) {
    const all = paths(copy);
    if (all.length === 0) break;
    const path = all[m.at % all.length]!;
    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy);
    const key = path[path.length - 1]!;
    if (m.op === 'set') parent[key] = structuredClone(m.value);
    else if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else {
      const target = parent[key];
      if (target && typeof target === 'object' && !Array.isArray(target))
        target[m.key] = structuredClone(m.value);
    }
  }
  return copy;
}

// Values that hit edges: bounds, wrong types, empty things, near-miss strings.
const edgy = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    0,
    -1,
    1,
    100,
    101,
    65536,
    1.5,
    '',
    'on',
    'off',
    '30s',
    '0s',
    '1m',
    'x',
    true,
    false,
    null,
    [],
    {},
  ),
  fc.integer({ min: -10, max: 200 }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: edgy }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('addKey' as const),
    at: fc.nat(),
    key: fc.constantFrom(
      'stepWeight',
      'stepWeights',
      'doubling',
      'iterations',
      'all',
      'any',
      'not',
      'segment',
      'equals',
      'min',
      'max',
      'zz',
    ),
    value: edgy,
  }),
);

type Validate = (obj: unknown) => ValidationResult<any>;

// Generous: the runs are many and the machine is shared; this is not a speed test.
const TIMEOUT_MS = 120_000;

function checkProperties(validate: Validate, obj: unknown): void {
  let result: ValidationResult<any>;
  expect(() => (result = validate(obj))).not.toThrow();
  result = validate(obj);
  if (!result.ok) {
    expect(result.error.issues.length).toBeGreaterThan(0);
    for (const issue of result.error.issues) {
      expect(issue.path).toMatch(/\S/);
      expect(issue.message).toMatch(/\S/);
    }
    return;
  }
  const once = withDefaults(result.value);
  expect(withDefaults(once as never)).toEqual(once);
  const again = validate(once);
  expect(again.ok ? [] : again.error.issues).toEqual([]);
}

const kinds: [string, () => unknown, Validate][] = [
  ['Canary', exampleCanary, validateCanary],
  ['MetricTemplate', exampleMetricTemplate, validateMetricTemplate],
  ['FeatureFlag (new-checkout)', exampleFeatureFlag, validateFeatureFlag],
  ['FeatureFlag (experiment)', exampleExperimentFlag, validateFeatureFlag],
  ['FeatureFlag (guarded)', exampleGuardedFlag, validateFeatureFlag],
];

describe('validation and defaulting, property-based', () => {
  it.each(kinds)(
    '%s: mutated examples',
    (_kind, example, validate) => {
      const base = example();
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          checkProperties(validate, mutate(base, mutations));
        }),
        { numRuns: 1000 },
      );
    },
    TIMEOUT_MS,
  );

  it.each(kinds)(
    '%s: random values',
    (_kind, _example, validate) => {
      fc.assert(
        fc.property(
          fc.anything({ maxDepth: 3, withNullPrototype: true, withMap: true, withSet: true }),
          (value) => {
            checkProperties(validate, value);
          },
        ),
        { numRuns: 400 },
      );
    },
    TIMEOUT_MS,
  );

  it.each(kinds)(
    '%s: random specs in a valid envelope',
    (_kind, example, validate) => {
      const base = example() as Record<string, unknown>;
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 4 }), (spec) => {
          checkProperties(validate, { ...base, spec });
        }),
        { numRuns: 400 },
      );
    },
    TIMEOUT_MS,
  );
});
