/**
 * `semver` tests → flagd `sem_ver`. flagd's schema takes only full semantic
 * versions, so the short forms the FeatureFlag accepts (`v1.2`, `2`) are
 * written out in full (`1.2.0`, `2.0.0`), which is what every flagd
 * implementation coerces them to anyway.
 */
import { SEMVER_PATTERN } from './jsonlogic-check.js';

const SHORT = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:[-+].*)?)$/;

/** The full version, or undefined when it is not one flagd's schema accepts. */
export function normalizeSemver(version: string): string | undefined {
  const m = SHORT.exec(version);
  if (!m) return undefined;
  const full = `${m[1]}.${m[2] ?? '0'}.${m[3] ?? '0'}${m[4] ?? ''}`;
  return SEMVER_PATTERN.test(full) ? full : undefined;
}
