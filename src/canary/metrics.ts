/**
 * Operator metrics per Canary, on the runtime's registry: where each rollout
 * stands (weight, phase) and why (last value and verdict of every check), so
 * a dashboard can explain a rollback without reading status.
 */
import { Gauge, type Registry } from 'prom-client';
import { CANARY_PHASES } from '../api/canary-status.js';
import type { CanaryStatus } from '../api/canary-status.js';

const VERDICTS = ['Pass', 'Fail', 'NoData', 'Unavailable'] as const;

export interface CanaryMetrics {
  /** Records the status just written. */
  observe(namespace: string, name: string, status: CanaryStatus): void;
  /** Drops the series of a deleted Canary. */
  forget(namespace: string, name: string): void;
}

export function createCanaryMetrics(registry: Registry): CanaryMetrics {
  const registers = [registry];
  const weight = new Gauge({
    name: 'fledge_canary_weight',
    help: 'Percentage of traffic routed to the canary.',
    labelNames: ['namespace', 'name'],
    registers,
  });
  const phase = new Gauge({
    name: 'fledge_canary_phase',
    help: 'Phase of the Canary: 1 for the current phase, 0 for the others.',
    labelNames: ['namespace', 'name', 'phase'],
    registers,
  });
  const failed = new Gauge({
    name: 'fledge_canary_failed_checks',
    help: 'Failed checks counted in the current rollout (rollback at analysis.threshold).',
    labelNames: ['namespace', 'name'],
    registers,
  });
  // The same value under the per-canary name dashboards built for the canary family use.
  const metricValue = new Gauge({
    name: 'fledge_canary_metric_value',
    help: 'Last measured value of a canary metric check (same as fledge_analysis_value).',
    labelNames: ['namespace', 'name', 'metric'],
    registers,
  });
  const value = new Gauge({
    name: 'fledge_analysis_value',
    help: 'Last measured value of an analysis check.',
    labelNames: ['namespace', 'name', 'check'],
    registers,
  });
  const verdict = new Gauge({
    name: 'fledge_analysis_verdict',
    help: 'Last verdict of an analysis check: 1 for the verdict it had, 0 for the others.',
    labelNames: ['namespace', 'name', 'check', 'verdict'],
    registers,
  });
  const checks = new Map<string, Set<string>>();

  return {
    observe(namespace, name, status) {
      weight.set({ namespace, name }, status.canaryWeight ?? 0);
      failed.set({ namespace, name }, status.failedChecks ?? 0);
      const current = status.phase ?? 'Initializing';
      for (const p of CANARY_PHASES) phase.set({ namespace, name, phase: p }, p === current ? 1 : 0);
      const seen = checks.get(`${namespace}/${name}`) ?? new Set<string>();
      // Measurements are oldest first: the last one per check wins.
      const last = new Map((status.metrics ?? []).map((m) => [m.name, m]));
      for (const [check, m] of last) {
        seen.add(check);
        if (m.value !== undefined) {
          value.set({ namespace, name, check }, m.value);
          metricValue.set({ namespace, name, metric: check }, m.value);
        } else {
          value.remove({ namespace, name, check });
          metricValue.remove({ namespace, name, metric: check });
        }
        for (const v of VERDICTS)
          verdict.set({ namespace, name, check, verdict: v }, v === m.verdict ? 1 : 0);
      }
      checks.set(`${namespace}/${name}`, seen);
    },
    forget(namespace, name) {
      weight.remove({ namespace, name });
      failed.remove({ namespace, name });
      for (const p of CANARY_PHASES) phase.remove({ namespace, name, phase: p });
      for (const check of checks.get(`${namespace}/${name}`) ?? []) {
        value.remove({ namespace, name, check });
        metricValue.remove({ namespace, name, metric: check });
        for (const v of VERDICTS) verdict.remove({ namespace, name, check, verdict: v });
      }
      checks.delete(`${namespace}/${name}`);
    },
  };
}
