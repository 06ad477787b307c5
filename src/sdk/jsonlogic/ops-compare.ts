import type { Node, OperatorCompiler } from './types.js';
import { RuleCompileError } from './types.js';

type Cmp = (a: unknown, b: unknown) => boolean;

// JsonLogic's == and != are JavaScript's loose equality by definition.
const COMPARATORS: Record<string, Cmp> = {
  '==': (a, b) => a == b,
  '!=': (a, b) => a != b,
  '===': (a, b) => a === b,
  '!==': (a, b) => a !== b,
  '<': (a, b) => (a as number) < (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
};

/** Thrown when a loose comparison meets a value that is not a number (flagd's JS core fails the evaluation). */
export class NotANumber extends Error {
  override readonly name = 'NotANumber';
}

function assertNumberish(v: unknown, allowNaN: boolean): void {
  if ((v !== null && typeof v === 'object') || (typeof v === 'number' && Number.isNaN(v))) {
    throw new NotANumber(`cannot compare ${JSON.stringify(v)} as a number`);
  }
  if (!allowNaN && Number.isNaN(Number(v)))
    throw new NotANumber(`cannot compare ${JSON.stringify(v)} as a number`);
}

/**
 * Prepares the right-hand side of a loose comparison the way flagd's
 * JavaScript core does: two strings (or nulls) compare as strings; otherwise
 * both sides must be numeric or the evaluation fails; null against a falsy
 * value compares as equal.
 */
export function coerceRight(right: unknown, left: unknown, strict: boolean): unknown {
  if (strict) return right;
  const rs = typeof right === 'string' || right === null;
  const ls = typeof left === 'string' || left === null;
  if (rs && ls) return right;
  assertNumberish(right, left === null);
  assertNumberish(left, false);
  if (left === null && !right) return null;
  if (right === null && !left) return 0;
  return right;
}

/** `<`, `<=`, … with two arguments, or three for "between" (`a < b < c`). */
export function comparator(op: string): OperatorCompiler {
  const cmp = COMPARATORS[op] as Cmp;
  const strict = op.length === 3;
  return (args, cx) => {
    if (!Array.isArray(args) || args.length < 2)
      throw new RuleCompileError(`"${op}" needs at least two arguments`);
    const nodes = args.map((a) => cx.compile(a));
    if (nodes.length === 2) {
      const [a, b] = nodes as [Node, Node];
      return (d, s) => {
        const left = a(d, s);
        return cmp(left, coerceRight(b(d, s), left, strict));
      };
    }
    return (d, s) => {
      let prev = (nodes[0] as Node)(d, s);
      for (let i = 1; i < nodes.length; i++) {
        const cur = coerceRight((nodes[i] as Node)(d, s), prev, strict);
        if (!cmp(prev, cur)) return false;
        prev = cur;
      }
      return true;
    };
  };
}

export const COMPARISON_OPERATORS = Object.keys(COMPARATORS);
