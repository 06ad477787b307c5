import { compileRule } from './compile.js';
import { isStatic } from './static.js';
import { truthy } from './truthy.js';
import type { Node, Scope } from './types.js';

/** A compiled condition: only its truthiness matters, so it answers a boolean. */
export type Predicate = (data: unknown, scope: Scope) => boolean;

/**
 * Compiles a rule used only for its truthiness (the conditions of an `if`).
 * The common shapes of flag conditions are fused into one closure each:
 * `and`/`or`/`!`/`!!` of predicates, and `ends_with`/`starts_with`/`in` of a
 * plain attribute (`{"var": "email"}`) against a literal. That removes the
 * per-node calls and `truthy` of the generic tree, which is what an
 * evaluation of such a flag spends its time on.
 *
 * Every fused form answers exactly the truthiness of the generic tree, with
 * the same evaluation order and short-circuits (a property test checks it);
 * anything else compiles through `compileRule`, which also raises every
 * compile error, so a bad rule fails exactly as it always did.
 */
export function compilePredicate(rule: unknown, flagKey: string): Predicate {
  // Validates the whole condition (and folds constants) first; a fused form never hides an error.
  const generic = compileRule(rule, flagKey);
  return fuse(rule, flagKey) ?? truthyOf(generic);
}

/**
 * A part of a condition `compilePredicate` has already validated: fused where
 * it can be, else its generic tree. Parts are not validated again, so nested
 * `and`/`or` compile each subtree at most once more, not once per level.
 */
function part(rule: unknown, flagKey: string): Predicate {
  return fuse(rule, flagKey) ?? truthyOf(compileRule(rule, flagKey));
}

function truthyOf(node: Node): Predicate {
  return (d, s) => truthy(node(d, s));
}

function fuse(rule: unknown, flagKey: string): Predicate | undefined {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule) || isStatic(rule)) return undefined;
  const keys = Object.keys(rule);
  if (keys.length !== 1) return undefined;
  const op = keys[0] as string;
  const args: unknown = (rule as Record<string, unknown>)[op];
  switch (op) {
    case 'and':
    case 'or':
      return Array.isArray(args) && args.length > 0 ? junction(op, args, flagKey) : undefined;
    case '!':
    case '!!': {
      const p = part(Array.isArray(args) ? args[0] : args, flagKey);
      return op === '!' ? (d, s) => !p(d, s) : p;
    }
    case 'ends_with':
    case 'starts_with':
      return stringTest(op, args);
    case 'in':
      return membership(args);
    default:
      return undefined;
  }
}

/** `and` is truthy when every argument is, `or` when one is; both stop where JsonLogic stops. */
function junction(op: 'and' | 'or', args: unknown[], flagKey: string): Predicate {
  const ps = args.map((a) => part(a, flagKey));
  if (ps.length === 1) return ps[0] as Predicate;
  if (ps.length === 2) {
    const [a, b] = ps as [Predicate, Predicate];
    return op === 'and' ? (d, s) => a(d, s) && b(d, s) : (d, s) => a(d, s) || b(d, s);
  }
  const stop = op === 'or';
  return (d, s) => {
    for (let i = 0; i < ps.length; i++) if ((ps[i] as Predicate)(d, s) === stop) return stop;
    return !stop;
  };
}

/**
 * The attribute name of a plain `{"var": "name"}` read: one path segment,
 * no default, not `$flagd`. Other `var` forms keep the generic compile.
 */
function plainAttribute(expr: unknown): string | undefined {
  if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) return undefined;
  const keys = Object.keys(expr);
  if (keys.length !== 1 || keys[0] !== 'var') return undefined;
  let name: unknown = (expr as { var: unknown }).var;
  if (Array.isArray(name)) {
    if (name.length !== 1) return undefined;
    name = name[0];
  }
  if (typeof name !== 'string' || name === '' || name.startsWith('$flagd')) return undefined;
  return name.includes('.') || name.includes('\\') ? undefined : name;
}

/** What the generic `var` returns for one attribute: null when missing, null or a function. */
function attribute(data: unknown, name: string): unknown {
  if (data === null || data === undefined) return null;
  const v = (data as Record<string, unknown>)[name];
  return v === undefined || typeof v === 'function' ? null : v;
}

function stringTest(op: 'ends_with' | 'starts_with', args: unknown): Predicate | undefined {
  if (!Array.isArray(args) || args.length !== 2 || typeof args[1] !== 'string') return undefined;
  const name = plainAttribute(args[0]);
  if (name === undefined) return undefined;
  const affix: string = args[1];
  // Non-string input answers null in the generic operator: falsy, as `false` is here.
  return op === 'ends_with'
    ? (d) => {
        const v = attribute(d, name);
        return typeof v === 'string' && v.endsWith(affix);
      }
    : (d) => {
        const v = attribute(d, name);
        return typeof v === 'string' && v.startsWith(affix);
      };
}

function membership(args: unknown): Predicate | undefined {
  if (!Array.isArray(args) || args.length < 2) return undefined;
  const name = plainAttribute(args[0]);
  const list: unknown = args[1];
  if (name === undefined || !Array.isArray(list) || !isStatic(list)) return undefined;
  if (!list.every((v) => v === null || typeof v !== 'object')) return undefined;
  // The generic `in` over a literal list of primitives is a Set lookup of the attribute's value.
  const set = new Set<unknown>(list);
  return (d) => set.has(attribute(d, name));
}
