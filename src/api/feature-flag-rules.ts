/**
 * Cross-field rules of a FeatureFlag spec. Most concern variants, whose values
 * are free-form JSON the apiserver's CEL cannot see, so they have no `cel`:
 * the flag controller reports them (Ready=False, with the path) and keeps the
 * last good definition published, as issue 5 asks.
 */
import type { CrossFieldRule, RuleProblem } from './cross-field.js';

/** The fields the rules read; kept local so this file needs no schema import. */
interface FlagSpecShape {
  variants: Record<string, unknown>;
  defaultVariant: string;
  targeting?: unknown;
  rules?: readonly { variant: string }[] | undefined;
  rollout?: { variant?: string | undefined; fallbackVariant?: string | undefined } | undefined;
  distribution?: readonly { variant: string }[] | undefined;
  killSwitch?: { variant?: string | undefined } | undefined;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

function unknownVariant(
  spec: FlagSpecShape,
  name: string,
  path: readonly (string | number)[],
): RuleProblem[] {
  if (Object.hasOwn(spec.variants, name)) return [];
  const known = Object.keys(spec.variants).join(', ');
  return [{ path, message: `"${name}" is not one of the variants (${known})` }];
}

const hasSugar = (s: FlagSpecShape) =>
  (s.rules?.length ?? 0) > 0 || s.rollout !== undefined || s.distribution !== undefined;

export const featureFlagRules: readonly CrossFieldRule<FlagSpecShape>[] = [
  {
    message: 'defaultVariant must be one of the variants',
    check: (s) => unknownVariant(s, s.defaultVariant, ['defaultVariant']),
  },
  {
    message: 'all variants must have values of the same type',
    check: (s) => {
      const entries = Object.entries(s.variants);
      const first = entries[0];
      if (!first) return true;
      const expected = jsonType(first[1]);
      return entries
        .filter(([, v]) => jsonType(v) !== expected)
        .map(([name, v]) => ({
          path: ['variants', name],
          message: `is a ${jsonType(v)} but variant "${first[0]}" is a ${expected}; all variants must have one type`,
        }));
    },
  },
  {
    message: 'rule variants must be variants',
    check: (s) => (s.rules ?? []).flatMap((r, i) => unknownVariant(s, r.variant, ['rules', i, 'variant'])),
  },
  {
    message: 'rollout variants must be variants',
    check: (s) => [
      ...(s.rollout?.variant !== undefined
        ? unknownVariant(s, s.rollout.variant, ['rollout', 'variant'])
        : []),
      ...(s.rollout?.fallbackVariant !== undefined
        ? unknownVariant(s, s.rollout.fallbackVariant, ['rollout', 'fallbackVariant'])
        : []),
    ],
  },
  {
    message: 'rollout.variant is required unless there are exactly two variants',
    path: ['rollout', 'variant'],
    check: (s) =>
      s.rollout === undefined || s.rollout.variant !== undefined || Object.keys(s.variants).length === 2,
  },
  {
    message: 'distribution variants must be variants',
    check: (s) =>
      (s.distribution ?? []).flatMap((d, i) => unknownVariant(s, d.variant, ['distribution', i, 'variant'])),
  },
  {
    message: 'killSwitch variant must be a variant',
    check: (s) =>
      s.killSwitch?.variant !== undefined
        ? unknownVariant(s, s.killSwitch.variant, ['killSwitch', 'variant'])
        : true,
  },
  {
    message: 'targeting (raw JsonLogic) is exclusive with rules, rollout and distribution',
    path: ['targeting'],
    check: (s) => s.targeting === undefined || !hasSugar(s),
    cel: '!has(self.targeting) || !((has(self.rules) && size(self.rules) > 0) || has(self.rollout) || has(self.distribution))',
  },
  {
    message: 'rollout and distribution are mutually exclusive',
    path: ['distribution'],
    check: (s) => s.rollout === undefined || s.distribution === undefined,
    cel: '!(has(self.rollout) && has(self.distribution))',
  },
];
