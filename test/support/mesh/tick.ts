/**
 * Turns a request rate into whole requests per tick. The fractional part is
 * carried to the next tick, so 0.5 rps over 10 s is exactly 5 requests however
 * the ticks fall.
 */
export interface Accumulated {
  count: number;
  carry: number;
}

export function accumulate(carry: number, rps: number, elapsedMs: number): Accumulated {
  if (rps <= 0 || elapsedMs <= 0) return { count: 0, carry: rps <= 0 ? 0 : carry };
  const total = carry + (rps * elapsedMs) / 1000;
  // A tiny epsilon keeps 0.1 * 10 ticks from landing on 0.9999999 and losing a request.
  const count = Math.floor(total + 1e-9);
  return { count, carry: Math.max(0, total - count) };
}
