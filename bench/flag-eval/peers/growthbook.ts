import { GrowthBookClient } from '@growthbook/growthbook';
import type { FeatureDefinition } from '@growthbook/growthbook';
import { FLAG_KEY, LISTED_KEYS, PLANS, SET_KEYS, SET_SIZE } from '../shapes.js';
import type { Peer } from './types.js';

const attrRule = { condition: { email: { $regex: '@company\\.com$' }, plan: { $in: PLANS } }, force: true };

function features(): Record<string, FeatureDefinition> {
  const f: Record<string, FeatureDefinition> = {
    'bool-flag': { defaultValue: true },
    'attr-flag': { defaultValue: false, rules: [attrRule] },
    'list-flag': { defaultValue: false, rules: [{ condition: { id: { $in: LISTED_KEYS } }, force: true }] },
    'rollout-flag': { defaultValue: false, rules: [{ force: true, coverage: 0.1, hashAttribute: 'id' }] },
    'experiment-flag': {
      defaultValue: 'control',
      rules: [
        {
          key: 'experiment-flag',
          variations: ['control', 'a', 'b'],
          weights: [0.5, 0.25, 0.25],
          hashAttribute: 'id',
        },
      ],
    },
  };
  for (const key of SET_KEYS) f[key] = { defaultValue: false, rules: [attrRule] };
  return f;
}

let gb: GrowthBookClient | undefined;

/** GrowthBook's multi-user server client, payload set locally (no apiHost, so no fetch). */
export const growthbookPeer: Peer = {
  name: 'GrowthBook',
  pkg: '@growthbook/growthbook',
  notes:
    'email rule is a `$regex` condition (no ends-with operator); rollout is a force rule with `coverage: 0.1`; the experiment is an experiment rule (weights 0.5/0.25/0.25, hashed on `id`), so it also runs the tracking path',
  prepare(shape, users) {
    gb ??= new GrowthBookClient().initSync({ payload: { features: features() } });
    const c = gb;
    const ctxs = users.map((u) => ({ attributes: { id: u.targetingKey, email: u.email, plan: u.plan } }));
    const n = ctxs.length;
    if (shape === 'set-1000') return (i) => c.isOn(SET_KEYS[i % SET_SIZE] as string, ctxs[i % n]!);
    if (shape === 'experiment-3') return (i) => c.getFeatureValue(FLAG_KEY[shape], 'control', ctxs[i % n]!);
    const key = FLAG_KEY[shape];
    return (i) => c.isOn(key, ctxs[i % n]!);
  },
  close() {
    gb?.destroy();
    gb = undefined;
    return Promise.resolve();
  },
};
