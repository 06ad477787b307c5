/**
 * A seeded generator of flagd flag sets and evaluation contexts covering every
 * operator Fledge supports, used to compare Fledge with @openfeature/flagd-core.
 */

export type Rng = () => number;

/** mulberry32: small, seeded, good enough for test data. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const PLANS = ['free', 'pro', 'premium', 'enterprise'];
const DOMAINS = ['company.com', 'example.org', 'mail.net', 'company.co'];
const COUNTRIES = ['DE', 'FR', 'US', 'GB', 'JP'];
const VERSIONS = [
  '1.0.0',
  '2.0.0',
  'v2.1.0',
  '2.0.0-alpha',
  '2.0.0-beta.2',
  '3.0.1',
  '1.2',
  '3',
  'V1.9.9',
  '2.0.0.0',
  'garbage',
  '10.2.33+build.7',
];
const SEMVER_OPS = ['=', '!=', '<', '<=', '>', '>=', '^', '~'];

export function userKey(r: Rng): string {
  return `user-${int(r, 0, 50_000)}${pick(r, ['', '@x', '-eu', '.beta'])}`;
}

/** A random context: attributes are sometimes missing, sometimes of the other type. */
export function context(r: Rng): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  if (r() < 0.95) c.targetingKey = userKey(r);
  if (r() < 0.85) c.email = `${pick(r, ['ann', 'bob', 'cy', 'dee'])}${int(r, 0, 99)}@${pick(r, DOMAINS)}`;
  if (r() < 0.85) c.plan = pick(r, PLANS);
  if (r() < 0.8) c.age = r() < 0.9 ? int(r, 10, 80) : String(int(r, 10, 80));
  if (r() < 0.8) c.version = pick(r, VERSIONS);
  if (r() < 0.7) c.country = pick(r, COUNTRIES);
  if (r() < 0.5) c.beta = r() < 0.5;
  if (r() < 0.5) c.user = { name: pick(r, ['jack', 'queen', 'ten', 'nine', '3']), tier: int(r, 1, 3) };
  if (r() < 0.4) c.tags = Array.from({ length: int(r, 0, 3) }, () => pick(r, ['a', 'b', 'c']));
  return c;
}

type Variants = Record<string, unknown>;

function variantsOf(r: Rng, n: number): { variants: Variants; names: string[] } {
  const kind = pick(r, ['boolean', 'string', 'number', 'object']);
  const names = kind === 'boolean' ? ['on', 'off'] : Array.from({ length: n }, (_, i) => `v${i}`);
  const variants: Variants = {};
  names.forEach((name, i) => {
    variants[name] =
      kind === 'boolean'
        ? name === 'on'
        : kind === 'string'
          ? `value-${i}`
          : kind === 'number'
            ? i * 10 + 0.5
            : { i, label: `obj-${i}` };
  });
  return { variants, names };
}

function weights(r: Rng, names: string[]): unknown[] {
  return names.map((n) => {
    const roll = r();
    if (roll < 0.15) return [n];
    if (roll < 0.2) return [n, 0];
    return [n, int(r, 1, roll < 0.6 ? 100 : 100_000)];
  });
}

/** A condition over the context, using one family of operators. */
function condition(r: Rng, depth = 0): unknown {
  const kind = int(r, 0, depth > 1 ? 11 : 14);
  switch (kind) {
    case 0:
      return { ends_with: [{ var: 'email' }, `@${pick(r, DOMAINS)}`] };
    case 1:
      return { starts_with: [{ var: 'email' }, pick(r, ['ann', 'bob', 'x'])] };
    case 2:
      return { in: [{ var: 'plan' }, PLANS.filter(() => r() < 0.5)] };
    case 3:
      return { in: [{ var: 'targetingKey' }, Array.from({ length: int(r, 1, 300) }, () => userKey(r))] };
    case 4:
      return { [pick(r, ['<', '<=', '>', '>=', '==', '!='])]: [{ var: 'age' }, int(r, 10, 80)] };
    case 5:
      return { [pick(r, ['<', '<='])]: [int(r, 10, 40), { var: 'age' }, int(r, 40, 80)] };
    case 6:
      return { sem_ver: [{ var: 'version' }, pick(r, SEMVER_OPS), pick(r, VERSIONS.slice(0, 9))] };
    case 7:
      return { [pick(r, ['==', '===', '!=', '!=='])]: [{ var: 'country' }, pick(r, COUNTRIES)] };
    case 8:
      return { in: [pick(r, ['company', 'mail', '@']), { var: 'email' }] };
    case 9:
      return { '!': { var: pick(r, ['beta', 'email', 'missing']) } };
    case 10:
      return { '>': [{ '+': [{ var: ['user.tier', 0] }, int(r, 0, 2)] }, 2] };
    case 11:
      return { '==': [{ var: '$flagd.flagKey' }, pick(r, ['f-1', 'f-2', 'nope'])] };
    case 12:
      return { and: [condition(r, depth + 1), condition(r, depth + 1)] };
    case 13:
      return { or: [condition(r, depth + 1), condition(r, depth + 1)] };
    default:
      return { some: [{ var: 'tags' }, { '==': [{ var: '' }, pick(r, ['a', 'b'])] }] };
  }
}

function outcome(r: Rng, names: string[]): unknown {
  const roll = r();
  if (roll < 0.05) return null;
  if (roll < 0.08) return 'no-such-variant';
  if (roll < 0.3) return { fractional: weights(r, names) };
  return pick(r, names);
}

function targeting(r: Rng, names: string[]): unknown {
  const roll = r();
  if (roll < 0.25) return { fractional: weights(r, names) };
  if (roll < 0.3) {
    return {
      fractional: [
        { cat: [pick(r, [{ var: '$flagd.flagKey' }, 'seed-']), { var: 'user.name' }] },
        ...weights(r, names),
      ],
    };
  }
  if (roll < 0.33) return { fractional: [{ var: 'email' }, ...weights(r, names)] };
  if (roll < 0.36) return { $ref: pick(r, ['isStaff', 'isPremium']) };
  if (roll < 0.38) return { if: [{ $ref: 'isStaff' }, pick(r, names), { fractional: weights(r, names) }] };
  if (roll < 0.39) return { nope_operator: [1] };
  if (roll < 0.4) return { cat: ['v', { substr: [{ var: 'targetingKey' }, -1] }] };
  if (roll < 0.42) return { if: [{ missing: ['email', 'plan'] }, null, pick(r, names)] };
  if (roll < 0.44)
    return { if: [{ '!!': { missing_some: [1, ['country', 'beta']] } }, pick(r, names), null] };
  const branches: unknown[] = [];
  const n = int(r, 1, 3);
  for (let i = 0; i < n; i++) branches.push(condition(r), outcome(r, names));
  if (r() < 0.8) branches.push(outcome(r, names));
  return { if: branches };
}

export interface GeneratedSet {
  config: { flags: Record<string, unknown>; $evaluators: Record<string, unknown> };
  keys: string[];
}

export function flagSet(r: Rng, count: number): GeneratedSet {
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const key = `f-${i}`;
    const { variants, names } = variantsOf(r, int(r, 2, 4));
    const flag: Record<string, unknown> = {
      state: r() < 0.1 ? 'DISABLED' : 'ENABLED',
      variants,
      defaultVariant: r() < 0.05 ? null : pick(r, names),
    };
    if (r() < 0.8) flag.targeting = targeting(r, names);
    else if (r() < 0.3) flag.targeting = {};
    flags[key] = flag;
  }
  const $evaluators = {
    isStaff: { ends_with: [{ var: 'email' }, '@company.com'] },
    isPremium: { in: [{ var: 'plan' }, ['premium', 'enterprise']] },
  };
  return { config: { flags, $evaluators }, keys: Object.keys(flags) };
}
