import type { EvaluationContext, FlagValue, FlagValueType, ResolutionDetails } from '../types.js';
import type { FlagSet } from './flag-set.js';
import type { Outcome } from './outcome.js';
import { typeOfValue } from './outcome.js';

export { typeOfValue } from './outcome.js';

/** What `finish` needs of an answer: an outcome, or an ad-hoc one such as "flag not found". */
export type Answer = Pick<Outcome, 'details' | 'type' | 'reason' | 'errorCode' | 'errorMessage'>;

/**
 * Evaluates a flag and applies flagd's rules for the caller's default:
 * missing flag → FLAG_NOT_FOUND, disabled/errors → default value, wrong type
 * → TYPE_MISMATCH. Successful results are the flag's shared frozen objects.
 */
export function evaluateIn<T extends FlagValue>(
  set: FlagSet,
  flagKey: string,
  defaultValue: T,
  ctx: EvaluationContext,
  /** The type the caller wants; null accepts any type. */
  expected: FlagValueType | null = typeOfValue(defaultValue),
): ResolutionDetails<T> {
  const flag = set.get(flagKey);
  if (flag === undefined) return notFound(flagKey, defaultValue);
  return finish(flagKey, flag.resolve(ctx), defaultValue, expected);
}

export function notFound<T>(flagKey: string, defaultValue: T): ResolutionDetails<T> {
  return {
    value: defaultValue,
    reason: 'ERROR',
    errorCode: 'FLAG_NOT_FOUND',
    errorMessage: `flag '${flagKey}' not found`,
  };
}

/** Turns an answer into what the caller gets, with the caller's default where flagd gives one. */
export function finish<T extends FlagValue>(
  flagKey: string,
  answer: Answer,
  defaultValue: T,
  expected: FlagValueType | null,
): ResolutionDetails<T> {
  const details = answer.details;
  if (details === undefined) {
    const out: ResolutionDetails<T> = { value: defaultValue, reason: answer.reason };
    if (answer.errorCode !== undefined) out.errorCode = answer.errorCode;
    if (answer.errorMessage !== undefined) out.errorMessage = answer.errorMessage;
    return out;
  }
  if (expected !== null && answer.type !== expected) {
    return {
      value: defaultValue,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
      errorMessage: `Evaluated type of the flag ${flagKey} does not match. Expected ${expected}, got ${answer.type ?? 'null'}`,
    };
  }
  return details as ResolutionDetails<T>;
}
