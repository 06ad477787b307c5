/**
 * Where a FeatureFlag is published, read leniently so that even a flag that
 * fails validation is attributed to its set (and keeps its last good version
 * there). The flag key is `spec.key` when set, else the FeatureFlag's name.
 */
import { FEATURE_FLAG_DEFAULTS } from '../api/feature-flag-defaults.js';

const field = (obj: unknown, ...path: string[]): unknown => {
  let v: unknown = obj;
  for (const p of path)
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[p] : undefined;
  return v;
};

export function flagSetOf(obj: unknown): string {
  const set = field(obj, 'spec', 'flagSet');
  return typeof set === 'string' && set !== '' ? set : FEATURE_FLAG_DEFAULTS.flagSet;
}

export function flagKeyOf(obj: unknown): string {
  const key = field(obj, 'spec', 'key');
  if (typeof key === 'string' && key !== '') return key;
  const name = field(obj, 'metadata', 'name');
  return typeof name === 'string' ? name : '';
}
