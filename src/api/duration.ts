/**
 * Durations are strings in the subset of Go's syntax that Flagger and
 * Kubernetes users write (`30s`, `1m`, `1h30m`, `500ms`), so the apiserver can
 * check them with a pattern and CEL's `duration()` understands them too.
 */
import { z } from 'zod';

// RE2-compatible (the apiserver compiles CRD patterns with Go's regexp).
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';
const DURATION_RE = new RegExp(DURATION_PATTERN);
const PART_RE = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

// Longer than any sensible interval or timeout; keeps CEL cost estimates small.
const MAX_DURATION_LENGTH = 32;

/** Milliseconds in a duration string, or undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  if (text.length > MAX_DURATION_LENGTH || !DURATION_RE.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(PART_RE)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
  }
  return Math.round(total);
}

/** Formats milliseconds the way users write them (`90000` → `1m30s`). */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}

const durationMessage = 'must be a duration such as "30s", "1m" or "1h30m"';

/** Any duration, zero included (`0s` disables a timeout). */
export const durationSchema = z
  .string()
  .max(MAX_DURATION_LENGTH, durationMessage)
  .regex(DURATION_RE, durationMessage);

/** A duration that must be longer than zero (intervals). */
export const positiveDurationSchema = durationSchema
  .refine((text) => (parseDurationMs(text) ?? 0) > 0, 'must be longer than zero')
  .meta({
    'x-kubernetes-validations': [
      { rule: "duration(self) > duration('0s')", message: 'must be longer than zero' },
    ],
  });
