/**
 * Shapes shared by the flag compiler: flagd's flag definition as Fledge
 * writes it, and one compiled flag with the serialised strings the set
 * assembly concatenates (so a set of thousands of flags is rebuilt without
 * serialising the flags that did not change).
 */
import type { ValidationIssue } from '../api/errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JsonLogic expression (an object with one operator, or a literal). */
export type JsonLogic = JsonValue;

/** One flag in flagd's flag-definition format (flagd.dev/schema/v0/flags.json). */
export interface FlagdFlag {
  state: 'ENABLED' | 'DISABLED';
  variants: Record<string, JsonValue>;
  defaultVariant: string;
  targeting?: JsonLogic;
  metadata?: Record<string, string | number | boolean>;
}

/** A flag that compiled: what goes into the flag set, ready to concatenate. */
export interface CompiledFlag {
  /** Key in the flag set's `flags` object. */
  key: string;
  flag: FlagdFlag;
  /** Canonical (sorted-key) JSON of `flag`. */
  json: string;
  /**
   * The `$evaluators` this flag references, fully inlined (no nested `$ref`,
   * whose resolution differs between flagd implementations), each as
   * canonical JSON. A flag carries what it needs, so its last good version
   * can be republished on its own.
   */
  evaluators: Readonly<Record<string, string>>;
  /** sha256 (hex) of the flag and its evaluators: `status.compiledHash`. */
  hash: string;
}

export type CompileResult = { ok: true; compiled: CompiledFlag } | { ok: false; issues: ValidationIssue[] };
