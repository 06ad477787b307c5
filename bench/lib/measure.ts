/** Timing of one benchmark case: throughput plus per-operation latency percentiles. */
export interface MeasureOptions {
  /** Operations timed after warm-up. */
  iterations: number;
  /** Operations run untimed first so the JIT settles. */
  warmup: number;
  /**
   * Operations per timed batch. One hrtime call costs ~30–50 ns, as much as
   * the evaluations measured, so latency is sampled per batch and divided.
   */
  batch: number;
}

export interface Measurement {
  opsPerSec: number;
  p50Ns: number;
  p99Ns: number;
}

/** Keeps results alive so the JIT cannot drop the evaluation as dead code. */
let sink: unknown;
export function consumed(): unknown {
  return sink;
}

/** Runs `op(i)` `iterations` times in batches and reports ops/s and p50/p99 ns per operation. */
export function measure(op: (i: number) => unknown, opts: MeasureOptions): Measurement {
  for (let i = 0; i < opts.warmup; i++) sink = op(i);
  const batches = Math.max(1, Math.floor(opts.iterations / opts.batch));
  const perOp = new Float64Array(batches);
  let total = 0n;
  let i = 0;
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < opts.batch; k++) sink = op(i++);
    const elapsed = process.hrtime.bigint() - start;
    total += elapsed;
    perOp[b] = Number(elapsed) / opts.batch;
  }
  perOp.sort();
  const ops = batches * opts.batch;
  return {
    opsPerSec: ops / (Number(total) / 1e9),
    p50Ns: percentile(perOp, 0.5),
    p99Ns: percentile(perOp, 0.99),
  };
}

function percentile(sorted: Float64Array, q: number): number {
  const idx = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, idx)] ?? 0;
}

/** As `measure`, for APIs that only answer through a Promise: each operation is awaited. */
export async function measureAsync(
  op: (i: number) => Promise<unknown>,
  opts: MeasureOptions,
): Promise<Measurement> {
  for (let i = 0; i < opts.warmup; i++) sink = await op(i);
  const batches = Math.max(1, Math.floor(opts.iterations / opts.batch));
  const perOp = new Float64Array(batches);
  let total = 0n;
  let i = 0;
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < opts.batch; k++) sink = await op(i++);
    const elapsed = process.hrtime.bigint() - start;
    total += elapsed;
    perOp[b] = Number(elapsed) / opts.batch;
  }
  perOp.sort();
  return {
    opsPerSec: (batches * opts.batch) / (Number(total) / 1e9),
    p50Ns: percentile(perOp, 0.5),
    p99Ns: percentile(perOp, 0.99),
  };
}
