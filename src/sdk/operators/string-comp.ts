import type { Node, OperatorCompiler } from '../jsonlogic/types.js';

/** The pure cores: null (not false) on non-string input, as flagd returns. */
export function startsWith(value: unknown, prefix: unknown): boolean | null {
  return typeof value === 'string' && typeof prefix === 'string' ? value.startsWith(prefix) : null;
}

export function endsWith(value: unknown, suffix: unknown): boolean | null {
  return typeof value === 'string' && typeof suffix === 'string' ? value.endsWith(suffix) : null;
}

function compileStringOp(test: (v: unknown, x: unknown) => boolean | null): OperatorCompiler {
  return (args, cx): Node => {
    const list = Array.isArray(args) ? args : [args];
    if (list.length !== 2) return () => null;
    const [v, x] = list.map((a) => cx.compile(a)) as [Node, Node];
    return (d, s) => test(v(d, s), x(d, s));
  };
}

/** `starts_with`: [string, prefix]. */
export const compileStartsWith = compileStringOp(startsWith);
/** `ends_with`: [string, suffix]. */
export const compileEndsWith = compileStringOp(endsWith);
