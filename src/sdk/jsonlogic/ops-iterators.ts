import { truthy } from './truthy.js';
import type { Node, OperatorCompiler } from './types.js';
import { OperandError } from './ops-collections.js';
import { RuleCompileError } from './types.js';

/** Inside the mapper, `var` reads the current element. */
function parts(op: string, args: unknown, cx: Parameters<OperatorCompiler>[1]): [Node, Node] {
  if (!Array.isArray(args) || args.length < 2) throw new RuleCompileError(`"${op}" needs [list, rule]`);
  return [cx.compile(args[0]), cx.compileIterated(args[1])];
}

function list(op: string, v: unknown): unknown[] {
  if (!v) return [];
  if (!Array.isArray(v)) throw new OperandError(`"${op}" needs a list, got ${JSON.stringify(v)}`);
  return v;
}

export const compileSome: OperatorCompiler = (args, cx) => {
  const [sel, fn] = parts('some', args, cx);
  return (d, s) => list('some', sel(d, s)).some((x) => truthy(fn(x, s)));
};

export const compileNone: OperatorCompiler = (args, cx) => {
  const [sel, fn] = parts('none', args, cx);
  return (d, s) => !list('none', sel(d, s)).some((x) => truthy(fn(x, s)));
};

/** `all` of an empty list is false (JsonLogic's rule, so a missing list never grants access). */
export const compileAll: OperatorCompiler = (args, cx) => {
  const [sel, fn] = parts('all', args, cx);
  return (d, s) => {
    const xs = list('all', sel(d, s));
    return xs.length > 0 && xs.every((x) => truthy(fn(x, s)));
  };
};

export const compileMap: OperatorCompiler = (args, cx) => {
  const [sel, fn] = parts('map', args, cx);
  return (d, s) => list('map', sel(d, s)).map((x) => fn(x, s));
};

export const compileFilter: OperatorCompiler = (args, cx) => {
  const [sel, fn] = parts('filter', args, cx);
  return (d, s) => list('filter', sel(d, s)).filter((x) => truthy(fn(x, s)));
};

/** `reduce`: [list, rule over {current, accumulator}, initial]. */
export const compileReduce: OperatorCompiler = (args, cx) => {
  const [sel, fn] = parts('reduce', args, cx);
  const init = Array.isArray(args) && args.length > 2 ? cx.compile(args[2]) : null;
  return (d, s) => {
    const xs = list('reduce', sel(d, s));
    if (init === null) return xs.reduce((accumulator, current) => fn({ accumulator, current }, s));
    return xs.reduce((accumulator, current) => fn({ accumulator, current }, s), init(d, s));
  };
};
