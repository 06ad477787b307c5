import { expect } from 'vitest';

/** Asserts |actual − expected| <= tol · max(1, |expected|)… or relative when `relative` is set. */
export function expectClose(actual: number, expected: number, tol = 1e-9, relative = false): void {
  const scale = relative ? Math.abs(expected) : Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * scale);
}

/**
 * Reference values marked "scipy 1.17.1" were computed with SciPy 1.17.1
 * (Python 3.11) in a venv: `python3 -m venv v && v/bin/pip install scipy==1.17.1`,
 * then the expression quoted next to each value.
 */
export const SCIPY = 'scipy 1.17.1';
