import type { ErrorCode, FlagValue, FlagValueType, ResolutionDetails, ResolutionReason } from '../types.js';

/** A result that carries its own value: built once per config load, shared and frozen. */
export type Resolved = Readonly<ResolutionDetails<FlagValue>>;

/**
 * One possible answer of a flag. Flags build their outcomes once per config
 * load and return the same object every time, so counting an evaluation is
 * `outcome.hits++` and tracking turns hits into labelled counters only when
 * Prometheus scrapes.
 */
export interface Outcome {
  /** The result handed to callers when the answer has a value; undefined when the caller's default applies. */
  readonly details: Resolved | undefined;
  /** The type of `details.value`, for typed getters. */
  readonly type: FlagValueType | null;
  readonly reason: ResolutionReason;
  readonly variant?: string;
  readonly errorCode?: ErrorCode;
  readonly errorMessage?: string;
  /** False for one-off answers (evaluation errors), which tracking counts by label instead. */
  readonly shared: boolean;
  /** Evaluations that ended here and were not yet reported. */
  hits: number;
}

/** The type a value answers to in typed getters (arrays count as objects, as in OpenFeature). */
export function typeOfValue(v: unknown): FlagValueType | null {
  const t = typeof v;
  if (t === 'boolean' || t === 'string' || t === 'number') return t;
  return v !== null && t === 'object' ? 'object' : null;
}

export function valueOutcome(value: FlagValue, variant: string, reason: ResolutionReason): Outcome {
  return {
    details: Object.freeze({ value, variant, reason }),
    type: typeOfValue(value),
    reason,
    variant,
    shared: true,
    hits: 0,
  };
}

export function fallbackOutcome(
  reason: ResolutionReason,
  error?: { code: ErrorCode; message: string },
  shared = true,
): Outcome {
  const o: Outcome = { details: undefined, type: null, reason, shared, hits: 0 };
  return error ? { ...o, errorCode: error.code, errorMessage: error.message } : o;
}
