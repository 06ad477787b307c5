/**
 * A small seedable PRNG (sfc32) so the simulator's draws are reproducible in
 * unit tests; Math.random cannot be seeded.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

export function createRng(seed: number): Rng {
  // Spread one 32-bit seed over the four words of state, then discard the
  // first outputs: sfc32 needs a few rounds to mix a weak seed.
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const step = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) step();
  return { next: step };
}

/** A seed for production use, where reproducibility does not matter. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296);
}

/** Standard normal draw (Box-Muller; the second value is dropped for simplicity). */
export function normal(rng: Rng): number {
  // 1 - next() is in (0, 1], so the log never sees 0.
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
