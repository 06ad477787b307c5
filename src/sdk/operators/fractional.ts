import type { CompileContext, Node, OperatorCompiler, Scope } from '../jsonlogic/types.js';
import { murmur3, murmur3From, murmur3Prefix } from './murmur3.js';

/** flagd caps the sum of weights at MaxInt32 so every SDK can do the bucket math in 64 bits. */
export const MAX_TOTAL_WEIGHT = 2147483647;

/** One evaluated bucket: a variant (null means "default variant") and an integer weight. */
export interface Bucket {
  variant: string | number | boolean | null;
  weight: number;
}

/**
 * Checks evaluated bucket entries as flagd does: each is `[variant]` or
 * `[variant, integerWeight]`; the weight defaults to 1; negative weights
 * count as 0. Returns null when the configuration is invalid (flagd then
 * yields no variant, i.e. the default).
 */
export function parseBuckets(entries: readonly unknown[]): Bucket[] | null {
  const buckets: Bucket[] = [];
  let total = 0;
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length === 0 || entry.length > 2) return null;
    const v: unknown = entry[0];
    let variant: Bucket['variant'];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') variant = v;
    else if (v === null || v === undefined) variant = null;
    else return null;
    let weight = 1;
    if (entry.length === 2) {
      const w: unknown = entry[1];
      if (typeof w !== 'number' || !Number.isInteger(w)) return null;
      weight = Math.max(0, w);
    }
    total += weight;
    buckets.push({ variant, weight });
  }
  return total > MAX_TOTAL_WEIGHT ? null : buckets;
}

/**
 * flagd's high-precision bucketing: bucket = (hash × totalWeight) >> 32 with
 * the unsigned 32-bit hash, then the first variant whose cumulative weight
 * exceeds the bucket. The 64-bit product is split in 16-bit halves so plain
 * doubles stay exact (no BigInt on the hot path).
 */
export function bucketOf(hash: number, totalWeight: number): number {
  const hi = Math.floor(hash / 65536) * totalWeight;
  const lo = (hash % 65536) * totalWeight;
  const hiQ = Math.floor(hi / 65536);
  const hiR = hi - hiQ * 65536;
  return hiQ + Math.floor((hiR * 65536 + lo) / 4294967296);
}

/** Picks the variant for a hash; null when all weights are 0. */
export function pickVariant(
  hash: number,
  buckets: readonly Bucket[],
  totalWeight: number,
): Bucket['variant'] {
  const bucket = bucketOf(hash, totalWeight);
  let sum = 0;
  for (const b of buckets) {
    sum += b.weight;
    if (sum > bucket) return b.variant;
  }
  return null;
}

function total(buckets: readonly Bucket[]): number {
  let t = 0;
  for (const b of buckets) t += b.weight;
  return t;
}

/**
 * `fractional`: [bucketBy?, [variant, weight], …]. Without a bucketing string
 * the key is `$flagd.flagKey` + targetingKey. Literal bucket lists (the usual
 * case) are validated once here, so evaluation is one hash and a short loop.
 */
export const compileFractional: OperatorCompiler = (args, cx: CompileContext): Node => {
  const raw = Array.isArray(args) ? args : [args];
  if (raw.length === 0) return () => null;
  const prefix = murmur3Prefix(cx.flagKey);
  const choose = (hash: number, buckets: Bucket[] | null, totalWeight: number, s: Scope): unknown => {
    if (buckets === null) return null;
    const variant = pickVariant(hash, buckets, totalWeight);
    if (variant !== null) s.split = true;
    return variant;
  };
  const byTargetingKey = (s: Scope): number | null => {
    const key = s.ctx.targetingKey;
    return key ? murmur3From(prefix, String(key)) : null;
  };

  // Shorthand: every argument is a literal bucket.
  if (raw.every(isLiteralEntry)) {
    const buckets = parseBuckets(raw);
    const totalWeight = buckets ? total(buckets) : 0;
    return (_d, s) => {
      const hash = byTargetingKey(s);
      return hash === null ? null : choose(hash, buckets, totalWeight, s);
    };
  }

  const head = cx.compile(raw[0]);
  const rest = raw.slice(1).map((e) => cx.compile(e));
  const fixed = raw.slice(1).every(isLiteralEntry) ? parseBuckets(raw.slice(1)) : undefined;
  const fixedTotal = fixed ? total(fixed) : 0;
  return (d, s) => {
    const first = head(d, s);
    if (typeof first === 'string') {
      if (fixed !== undefined) return choose(murmur3(first), fixed, fixedTotal, s);
      const buckets = parseBuckets(rest.map((n) => n(d, s)));
      return choose(murmur3(first), buckets, buckets ? total(buckets) : 0, s);
    }
    const hash = byTargetingKey(s);
    if (hash === null) return null;
    const buckets = parseBuckets([first, ...rest.map((n) => n(d, s))]);
    return choose(hash, buckets, buckets ? total(buckets) : 0, s);
  };
};

function isLiteralEntry(e: unknown): boolean {
  return Array.isArray(e) && e.every((x) => x === null || typeof x !== 'object');
}
