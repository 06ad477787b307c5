/**
 * Public types of the SDK. They mirror OpenFeature's shapes (reason strings,
 * error codes) without importing them, so the evaluator has no runtime
 * dependency on OpenFeature.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A flag value as flagd allows it in `variants`. */
export type FlagValue = boolean | string | number | { [key: string]: JsonValue } | JsonValue[];

/** Attributes a workload passes when it evaluates a flag; `targetingKey` identifies the user. */
export interface EvaluationContext {
  targetingKey?: string;
  [attribute: string]: unknown;
}

export type ResolutionReason =
  /** The flag has no targeting: its default variant always applies. */
  | 'STATIC'
  /** Targeting ran and chose a variant. */
  | 'TARGETING_MATCH'
  /** Targeting chose a variant through `fractional` (only with `reportSplit`; flagd itself says TARGETING_MATCH). */
  | 'SPLIT'
  /** Targeting ran and chose nothing, so the default variant applies. */
  | 'DEFAULT'
  /** The flag is DISABLED: the caller's default value is returned. */
  | 'DISABLED'
  /** Something went wrong: the caller's default value is returned with an error code. */
  | 'ERROR';

export type ErrorCode = 'FLAG_NOT_FOUND' | 'TYPE_MISMATCH' | 'PARSE_ERROR' | 'GENERAL' | 'PROVIDER_NOT_READY';

export interface ResolutionDetails<T> {
  value: T;
  variant?: string;
  reason: ResolutionReason;
  errorCode?: ErrorCode;
  errorMessage?: string;
}

export type FlagValueType = 'boolean' | 'string' | 'number' | 'object';

/** One flag as written in flagd's flag-definition JSON. */
export interface FlagDefinition {
  state: 'ENABLED' | 'DISABLED';
  variants: Record<string, FlagValue>;
  defaultVariant?: string | null;
  targeting?: unknown;
  metadata?: Record<string, string | number | boolean>;
}

/** The whole flagd flag-definition document (`flags.json`). */
export interface FlagdConfig {
  flags: Record<string, FlagDefinition>;
  $evaluators?: Record<string, unknown>;
  metadata?: Record<string, string | number | boolean>;
}
