import type { Registry } from 'prom-client';
import { Counter, Histogram, register as globalRegistry } from 'prom-client';
import type { FlagSet } from './evaluator/flag-set.js';

export interface TrackingOptions {
  /** Where the counters are registered. Default: prom-client's global registry. */
  registry?: Registry;
}

interface Pending {
  labels: { flag: string; variant: string; reason: string };
  n: number;
}

/**
 * Flag metrics for experiments:
 * - `fledge_flag_evaluations_total{flag,variant,reason}`: every evaluation;
 * - `fledge_flag_exposures_total{flag,variant}`: the variant a user was
 *   actually shown (`expose()`), so code that evaluates without showing does
 *   not skew an experiment;
 * - `fledge_flag_conversions_total{flag,variant,event}`: `track()` calls.
 *
 * Evaluations are the hot path: the client bumps `hits` on the flag's
 * prebuilt outcome, and this class moves hits into the labelled prom-client
 * counter only when Prometheus scrapes (or when a new config replaces the
 * outcomes).
 */
export class FlagTracking {
  private set: FlagSet | undefined;
  private readonly byLabel = new Map<string, Pending>();
  private readonly evaluations: Counter<'flag' | 'variant' | 'reason'>;
  private readonly exposures: Counter<'flag' | 'variant'>;
  private readonly conversions: Counter<'flag' | 'variant' | 'event'>;
  private readonly registry: Registry;
  private readonly flushHook = (): void => this.flush();

  constructor(options: TrackingOptions = {}) {
    const registry = options.registry ?? globalRegistry;
    this.registry = registry;
    const flushers = flushersOf(registry);
    this.evaluations = reuse(
      registry,
      'fledge_flag_evaluations_total',
      () =>
        new Counter({
          name: 'fledge_flag_evaluations_total',
          help: 'Flag evaluations by flag, variant and reason.',
          labelNames: ['flag', 'variant', 'reason'] as const,
          registers: [registry],
          // Every client sharing this registry flushes its pending counts at scrape time.
          collect: () => flushers.forEach((f) => f()),
        }),
    );
    flushers.add(this.flushHook);
    this.exposures = reuse(
      registry,
      'fledge_flag_exposures_total',
      () =>
        new Counter({
          name: 'fledge_flag_exposures_total',
          help: 'Variants users were actually exposed to, by flag and variant.',
          labelNames: ['flag', 'variant'] as const,
          registers: [registry],
        }),
    );
    this.conversions = reuse(
      registry,
      'fledge_flag_conversions_total',
      () =>
        new Counter({
          name: 'fledge_flag_conversions_total',
          help: 'Conversion events tracked per flag variant.',
          labelNames: ['flag', 'variant', 'event'] as const,
          registers: [registry],
        }),
    );
  }

  /** Starts reading hits from a new config's outcomes (the old config's hits are reported first). */
  watch(set: FlagSet): void {
    this.flush();
    this.set = set;
  }

  /** Counts an evaluation that did not end on a shared outcome (errors, missing flags). */
  evaluated(flag: string, variant: string | undefined, reason: string): void {
    const v = variant ?? '';
    const key = `${flag}\u0000${v}\u0000${reason}`;
    let pending = this.byLabel.get(key);
    if (pending === undefined) {
      pending = { labels: { flag, variant: v, reason }, n: 0 };
      this.byLabel.set(key, pending);
    }
    pending.n++;
  }

  expose(flag: string, variant: string): void {
    this.exposures.inc({ flag, variant });
  }

  converted(flag: string, variant: string, event: string): void {
    this.conversions.inc({ flag, variant, event });
  }

  /** Moves pending evaluation counts into the prom-client counter. */
  flush(): void {
    if (this.set) {
      for (const [key, flag] of this.set.flags) {
        for (const o of flag.outcomes()) {
          if (o.hits === 0) continue;
          this.evaluations.inc({ flag: key, variant: o.variant ?? '', reason: o.reason }, o.hits);
          o.hits = 0;
        }
      }
    }
    for (const p of this.byLabel.values()) {
      if (p.n > 0) {
        this.evaluations.inc(p.labels, p.n);
        p.n = 0;
      }
    }
  }

  /** Flushes what is pending and stops taking part in scrapes. */
  close(): void {
    this.flush();
    flushersOf(this.registry).delete(this.flushHook);
  }
}

const allFlushers = new WeakMap<Registry, Set<() => void>>();

function flushersOf(registry: Registry): Set<() => void> {
  let set = allFlushers.get(registry);
  if (set === undefined) {
    set = new Set();
    allFlushers.set(registry, set);
  }
  return set;
}

function reuse<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * What the workload saw while serving a flag's variant, for guarded rollouts
 * and kill switches (the operator's builtin checks read these):
 * - `fledge_flag_errors_total{flag,variant}`: requests served with the
 *   variant that failed (`error()`);
 * - `fledge_flag_request_duration_seconds{flag,variant}`: how long they took
 *   (`duration()`), a histogram.
 */
export class FlagRequestTracking {
  private readonly errors: Counter<'flag' | 'variant'>;
  private readonly durations: Histogram<'flag' | 'variant'>;

  constructor(options: TrackingOptions = {}) {
    const registry = options.registry ?? globalRegistry;
    this.errors = reuse(
      registry,
      'fledge_flag_errors_total',
      () =>
        new Counter({
          name: 'fledge_flag_errors_total',
          help: 'Failed requests served with a flag variant, by flag and variant.',
          labelNames: ['flag', 'variant'] as const,
          registers: [registry],
        }),
    );
    this.durations = reuse(
      registry,
      'fledge_flag_request_duration_seconds',
      () =>
        new Histogram({
          name: 'fledge_flag_request_duration_seconds',
          help: 'Duration of requests served with a flag variant, by flag and variant.',
          labelNames: ['flag', 'variant'] as const,
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers: [registry],
        }),
    );
  }

  error(flag: string, variant: string): void {
    this.errors.inc({ flag, variant });
  }

  duration(flag: string, variant: string, seconds: number): void {
    this.durations.observe({ flag, variant }, seconds);
  }
}
