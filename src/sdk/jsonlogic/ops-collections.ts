import { isStatic } from './static.js';
import type { Node, OperatorCompiler } from './types.js';
import { argList, RuleCompileError } from './types.js';

/** Thrown when an operator gets a value of the wrong kind (flagd's JS core fails such evaluations). */
export class OperandError extends Error {
  override readonly name = 'OperandError';
}

/**
 * `in`: substring test on a string, membership test on an array. A literal
 * list of primitives (a user list) becomes a Set at compile time.
 */
export const compileIn: OperatorCompiler = (args, cx) => {
  const list = argList(args);
  const item = cx.compile(list[0]);
  const haystackExpr = list[1];
  if (Array.isArray(haystackExpr) && isStatic(haystackExpr) && haystackExpr.every(isPrimitive)) {
    const set = new Set<unknown>(haystackExpr);
    return (d, s) => set.has(item(d, s));
  }
  const haystack = cx.compile(haystackExpr);
  return (d, s) => {
    const needle = item(d, s);
    const h = haystack(d, s);
    if (!h) return false;
    if (typeof h === 'string') return h.includes(String(needle));
    if (Array.isArray(h)) return h.includes(needle);
    throw new OperandError(`"in" needs a string or a list, got ${JSON.stringify(h)}`);
  };
};

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

/** `cat`: string concatenation; null prints as "null", as in flagd's compiled JS rules. */
export const compileCat: OperatorCompiler = (args, cx) => {
  const ns = argList(args).map((a) => cx.compile(a));
  if (ns.length === 2) {
    const [a, b] = ns as [Node, Node];
    return (d, s) => String(a(d, s)) + String(b(d, s));
  }
  return (d, s) => {
    let out = '';
    for (let i = 0; i < ns.length; i++) out += String((ns[i] as Node)(d, s));
    return out;
  };
};

/** `substr`: [string, start, length?]; a negative length drops characters from the end. */
export const compileSubstr: OperatorCompiler = (args, cx) => {
  const ns = argList(args).map((a) => cx.compile(a));
  const [str, from, len] = ns;
  if (str === undefined) throw new RuleCompileError('"substr" needs a string');
  return (d, s) => {
    const v = str(d, s);
    if (typeof v !== 'string') throw new OperandError(`"substr" needs a string, got ${JSON.stringify(v)}`);
    // String#substr is exactly JsonLogic's definition (start may be negative).
    const start = from === undefined ? 0 : (from(d, s) as number);
    const length = len === undefined ? undefined : (len(d, s) as number);
    if (length !== undefined && length < 0) {
      const rest = v.substr(start);
      return rest.substr(0, rest.length + length);
    }
    return v.substr(start, length);
  };
};

/** `merge`: flattens one level of lists. */
export const compileMerge: OperatorCompiler = (args, cx) => {
  const ns = argList(args).map((a) => cx.compile(a));
  return (d, s) => {
    const out: unknown[] = [];
    for (let i = 0; i < ns.length; i++) {
      const v = (ns[i] as Node)(d, s);
      if (Array.isArray(v)) for (const x of v) out.push(x);
      else out.push(v);
    }
    return out;
  };
};

/** The keys (dotted paths) absent from `data`; a null value counts as present, as in flagd's JS core. */
function missingKeys(keys: unknown[], data: unknown): unknown[] {
  const missing: unknown[] = [];
  for (const key of keys) {
    let cur = data;
    let found = true;
    for (const part of String(key).split('.')) {
      if (!cur) {
        found = false;
        break;
      }
      cur = (cur as Record<string, unknown>)[part];
      if (cur === undefined) {
        found = false;
        break;
      }
    }
    if (!found) missing.push(key);
  }
  return missing;
}

export const compileMissing: OperatorCompiler = (args, cx) => {
  const ns = argList(args).map((a) => cx.compile(a));
  return (d, s) =>
    missingKeys(
      ns.map((n) => n(d, s)),
      d,
    );
};

/** `missing_some`: [needed, keys] → the missing keys, or [] when at least `needed` are present. */
export const compileMissingSome: OperatorCompiler = (args, cx) => {
  if (!Array.isArray(args) || args.length !== 2)
    throw new RuleCompileError('"missing_some" needs [count, keys]');
  const need = cx.compile(args[0]);
  const keys = cx.compile(args[1]);
  return (d, s) => {
    const ks = keys(d, s);
    if (!Array.isArray(ks)) throw new OperandError('"missing_some" needs a list of keys');
    const missing = missingKeys(ks, d);
    return ks.length - missing.length >= Number(need(d, s)) ? [] : missing;
  };
};
