import type { EvaluationContext } from '../types.js';

/**
 * Per-evaluation state shared by every node of one flag. One object per
 * compiled flag is reused across evaluations (evaluation is synchronous), so
 * the hot path allocates nothing for it.
 */
export interface Scope {
  /** The caller's context (the root data of the rule). */
  ctx: EvaluationContext;
  /** Set by `fractional` when it chose the result, so the caller can report SPLIT. */
  split: boolean;
}

/** A compiled JsonLogic expression: `data` is the root context, or the element inside map/filter/…. */
export type Node = (data: unknown, scope: Scope) => unknown;

/** What an operator needs while it compiles its arguments. */
export interface CompileContext {
  /** Compiles a sub-expression in the current data scope. */
  compile(expr: unknown): Node;
  /** Compiles a sub-expression evaluated against array elements (map, filter, some, …). */
  compileIterated(expr: unknown): Node;
  /** The flag being compiled; `$flagd.flagKey` is a constant per flag. */
  readonly flagKey: string;
}

/** Turns an operator's raw (uncompiled) argument into a node. */
export type OperatorCompiler = (args: unknown, cx: CompileContext) => Node;

/** A rule that cannot be compiled (unknown operator, wrong arity, constant that fails). flagd reports PARSE_ERROR. */
export class RuleCompileError extends Error {
  override readonly name = 'RuleCompileError';
}

/** Arguments of an operator as a list: JsonLogic allows `{"op": x}` for `{"op": [x]}`. */
export function argList(args: unknown): unknown[] {
  return Array.isArray(args) ? args : [args];
}
