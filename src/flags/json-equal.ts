/**
 * jsonEqual(a, b) is exactly `canonicalJson(a) === canonicalJson(b)`, without
 * building either string. Deciding a set's statuses compares every flag's new
 * status with its old one on each reconcile; serialising both (thousands of
 * flags, several times each) was most of the operator's time per update
 * (bench/propagation/analysis.md). This walks both values once and stops at
 * the first difference; it follows canonicalJson's rules: object keys in any
 * order, keys whose value is undefined are absent, undefined elsewhere is
 * null, and primitives compare by their JSON text (NaN is null, -0 is 0).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const aObj = a !== null && typeof a === 'object';
  const bObj = b !== null && typeof b === 'object';
  if (!aObj || !bObj) return !aObj && !bObj && JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const aArr = Array.isArray(a);
  if (aArr !== Array.isArray(b)) return false;
  if (aArr) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!jsonEqual(x[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let defined = 0;
  for (const key of Object.keys(x)) {
    if (x[key] === undefined) continue;
    defined++;
    const other = Object.hasOwn(y, key) ? y[key] : undefined;
    if (other === undefined || !jsonEqual(x[key], other)) return false;
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) defined--;
  return defined === 0;
}
