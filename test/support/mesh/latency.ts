import { normal, type Rng } from './prng.js';

export interface LatencySpec {
  p50: number;
  p99: number;
}

export interface Lognormal {
  mu: number;
  sigma: number;
}

/** z of the 99th percentile of the standard normal. */
const Z99 = 2.3263478740408408;

/**
 * Fits a lognormal to two quantiles: ln(X) is normal with median ln(p50), and
 * its 99th percentile ln(p99) sits Z99 standard deviations above that.
 */
export function fitLognormal(spec: LatencySpec): Lognormal {
  return { mu: Math.log(spec.p50), sigma: (Math.log(spec.p99) - Math.log(spec.p50)) / Z99 };
}

export function sampleLognormal(dist: Lognormal, rng: Rng): number {
  return Math.exp(dist.mu + dist.sigma * normal(rng));
}
