import { truthy } from './truthy.js';
import type { Node, OperatorCompiler } from './types.js';
import { argList, RuleCompileError } from './types.js';

/** `if` / `?:`: condition, then, [condition, then, …] else. Missing else is null. */
export const compileIf: OperatorCompiler = (args, cx) => {
  const list = argList(args);
  if (list.length === 0) return () => null;
  if (list.length === 1) return cx.compile(list[0]);
  const nodes = list.map((a) => cx.compile(a));
  if (nodes.length % 2 === 0) nodes.push(() => null);
  if (nodes.length === 3) {
    const [c, t, e] = nodes as [Node, Node, Node];
    return (d, s) => (truthy(c(d, s)) ? t(d, s) : e(d, s));
  }
  const last = nodes.length - 1;
  return (d, s) => {
    for (let i = 0; i < last; i += 2) {
      if (truthy((nodes[i] as Node)(d, s))) return (nodes[i + 1] as Node)(d, s);
    }
    return (nodes[last] as Node)(d, s);
  };
};

/** `and`: the first falsy value, or the last value. */
export const compileAnd: OperatorCompiler = (args, cx) => {
  if (!Array.isArray(args)) throw new RuleCompileError('"and" needs a list of arguments');
  if (args.length === 0) return () => null;
  const nodes = args.map((a) => cx.compile(a));
  return (d, s) => {
    let v: unknown = null;
    for (let i = 0; i < nodes.length; i++) {
      v = (nodes[i] as Node)(d, s);
      if (!truthy(v)) return v;
    }
    return v;
  };
};

/** `or`: the first truthy value, or the last value. */
export const compileOr: OperatorCompiler = (args, cx) => {
  if (!Array.isArray(args)) throw new RuleCompileError('"or" needs a list of arguments');
  if (args.length === 0) return () => null;
  const nodes = args.map((a) => cx.compile(a));
  return (d, s) => {
    let v: unknown = null;
    for (let i = 0; i < nodes.length; i++) {
      v = (nodes[i] as Node)(d, s);
      if (truthy(v)) return v;
    }
    return v;
  };
};

export const compileNot: OperatorCompiler = (args, cx) => {
  const n = cx.compile(Array.isArray(args) ? args[0] : args);
  return (d, s) => !truthy(n(d, s));
};

export const compileNotNot: OperatorCompiler = (args, cx) => {
  const n = cx.compile(Array.isArray(args) ? args[0] : args);
  return (d, s) => truthy(n(d, s));
};
