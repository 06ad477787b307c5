import { OPERATORS } from './operators.js';
import { isStatic } from './static.js';
import type { CompileContext, Node, Scope } from './types.js';
import { RuleCompileError } from './types.js';
import { compileVar } from './var.js';

const EMPTY_SCOPE: Scope = { ctx: {}, split: false };

/**
 * Compiles a JsonLogic rule into a tree of closures, once per config load.
 * Sub-expressions that do not depend on the data are evaluated here and
 * become constants (an error there is a compile error, as in flagd's
 * JavaScript core), so `in` over a literal list of 1,000 users is a Set.
 */
export function compileRule(rule: unknown, flagKey: string): Node {
  return compileIn(rule, flagKey, true);
}

function compileIn(rule: unknown, flagKey: string, atRoot: boolean): Node {
  const cx: CompileContext = {
    flagKey,
    compile: (expr) => compileIn(expr, flagKey, atRoot),
    compileIterated: (expr) => compileIn(expr, flagKey, false),
  };
  return compileExpr(rule, cx, atRoot);
}

function compileExpr(expr: unknown, cx: CompileContext, atRoot: boolean): Node {
  if (expr === null || typeof expr !== 'object') return constant(expr);
  if (Array.isArray(expr)) {
    const items = expr.map((e) => cx.compile(e));
    if (expr.every(isStatic)) return constant(items.map((n) => n(null, EMPTY_SCOPE)));
    return (data, scope) => items.map((n) => n(data, scope));
  }
  const keys = Object.keys(expr);
  if (keys.length === 0) return constant(expr);
  const op = keys[0] as string;
  if (keys.length > 1)
    throw new RuleCompileError(`a rule object must have exactly one operator, got ${keys.join(', ')}`);
  const args = (expr as Record<string, unknown>)[op];
  if (op === 'var') return compileVar(args, cx, atRoot);
  const compiler = OPERATORS.get(op);
  if (compiler === undefined) throw new RuleCompileError(`unknown operator "${op}"`);
  const node = compiler(args, cx);
  if (!isStatic(expr)) return node;
  try {
    return constant(node(null, EMPTY_SCOPE));
  } catch (err) {
    throw new RuleCompileError(`constant expression "${op}" fails: ${describe(err)}`);
  }
}

function constant(value: unknown): Node {
  return () => value;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'number') return String(err);
  return JSON.stringify(err) ?? String(err);
}
