/**
 * JsonLogic truthiness as flagd's JavaScript evaluator applies it: empty
 * arrays and empty plain objects are false, unlike plain JavaScript.
 */
export function truthy(value: unknown): boolean {
  if (!value) return false;
  if (typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.length > 0;
  for (const _key in value) return true;
  return false;
}
