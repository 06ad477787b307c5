/**
 * Operators whose result depends only on their arguments. An expression made
 * only of these and literals is evaluated once at compile time. flagd's
 * custom operators are deliberately absent: flagd's JS core never folds them.
 */
export const PURE_OPERATORS: ReadonlySet<string> = new Set([
  'if',
  '?:',
  'and',
  'or',
  '!',
  '!!',
  '==',
  '===',
  '!=',
  '!==',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  'min',
  'max',
  'in',
  'cat',
  'substr',
  'merge',
]);

/** True when an expression reads no data: it can be evaluated once at compile time. */
export function isStatic(expr: unknown): boolean {
  if (expr === null || typeof expr !== 'object') return true;
  if (Array.isArray(expr)) return expr.every(isStatic);
  const keys = Object.keys(expr);
  if (keys.length === 0) return true;
  if (keys.length > 1 || !PURE_OPERATORS.has(keys[0] as string)) return false;
  return isStatic((expr as Record<string, unknown>)[keys[0] as string]);
}
