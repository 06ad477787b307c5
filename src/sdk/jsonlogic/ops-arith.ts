import type { Node, OperatorCompiler } from './types.js';
import { argList, RuleCompileError } from './types.js';

/** Arithmetic fails the evaluation on anything that is not a number, as flagd's JavaScript core does (no silent NaN). */
export class ArithmeticError extends Error {
  override readonly name = 'ArithmeticError';
}

function num(v: unknown): number {
  if (v !== null && typeof v === 'object') throw new ArithmeticError(`${JSON.stringify(v)} is not a number`);
  const n = Number(v);
  if (Number.isNaN(n)) throw new ArithmeticError(`${JSON.stringify(v)} is not a number`);
  return n;
}

function checked(n: number): number {
  if (Number.isNaN(n)) throw new ArithmeticError('result is not a number');
  return n;
}

function nodes(args: unknown, cx: Parameters<OperatorCompiler>[1]): Node[] {
  return argList(args).map((a) => cx.compile(a));
}

export const compileAdd: OperatorCompiler = (args, cx) => {
  const ns = nodes(args, cx);
  return (d, s) => {
    let sum = 0;
    for (let i = 0; i < ns.length; i++) sum += num((ns[i] as Node)(d, s));
    return checked(sum);
  };
};

export const compileMultiply: OperatorCompiler = (args, cx) => {
  const ns = nodes(args, cx);
  return (d, s) => {
    let product = 1;
    for (let i = 0; i < ns.length; i++) product *= num((ns[i] as Node)(d, s));
    return checked(product);
  };
};

export const compileSubtract: OperatorCompiler = (args, cx) => {
  const ns = nodes(args, cx);
  if (ns.length === 0) throw new RuleCompileError('"-" needs at least one argument');
  const first = ns[0] as Node;
  if (ns.length === 1) return (d, s) => -num(first(d, s));
  return (d, s) => {
    let r = num(first(d, s));
    for (let i = 1; i < ns.length; i++) r -= num((ns[i] as Node)(d, s));
    return checked(r);
  };
};

export const compileDivide: OperatorCompiler = (args, cx) => {
  const ns = nodes(args, cx);
  if (ns.length === 0) throw new RuleCompileError('"/" needs at least one argument');
  const all: Node[] = ns.length === 1 ? [() => 1, ns[0] as Node] : ns;
  return (d, s) => {
    let r = num((all[0] as Node)(d, s));
    for (let i = 1; i < all.length; i++) {
      const divisor = num((all[i] as Node)(d, s));
      if (divisor === 0) throw new ArithmeticError('division by zero');
      r /= divisor;
    }
    return checked(r);
  };
};

export const compileModulo: OperatorCompiler = (args, cx) => {
  const ns = nodes(args, cx);
  if (ns.length < 2) throw new RuleCompileError('"%" needs two arguments');
  return (d, s) => {
    let r = num((ns[0] as Node)(d, s));
    for (let i = 1; i < ns.length; i++) r %= num((ns[i] as Node)(d, s));
    return checked(r);
  };
};

function extremum(name: string, pick: (a: number, b: number) => boolean): OperatorCompiler {
  return (args, cx) => {
    const ns = nodes(args, cx);
    return (d, s) => {
      if (ns.length === 0) throw new ArithmeticError(`"${name}" of nothing`);
      let best: unknown = (ns[0] as Node)(d, s);
      if (typeof best !== 'number') throw new ArithmeticError(`"${name}" needs numbers`);
      for (let i = 1; i < ns.length; i++) {
        const v = (ns[i] as Node)(d, s);
        if (typeof v !== 'number') throw new ArithmeticError(`"${name}" needs numbers`);
        if (pick(v, best as number)) best = v;
      }
      return best;
    };
  };
}

export const compileMin = extremum('min', (a, b) => a < b);
export const compileMax = extremum('max', (a, b) => a > b);
