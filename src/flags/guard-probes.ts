/**
 * The I/O half of the guard's observe: runs a flag's metric checks (builtin,
 * inline PromQL or a MetricTemplate) and, for a guarded rollout, counts the
 * variant's evaluations. Never throws: a check that cannot be rendered or run
 * is reported with its reason (and is never a pass).
 *
 * Template variables: `{{ namespace }}`, `{{ name }}` (the FeatureFlag),
 * `{{ target }}` and `{{ variables.flag }}` (the flag key),
 * `{{ variables.variant }}` (the variant under watch, empty for a kill
 * switch that guards the whole flag) and `{{ interval }}`.
 */
import type { FlagMetricCheck } from '../api/flag-rollout.js';
import type { MetricTemplate } from '../api/metric-template.js';
import type { Informer } from '../kube/informer.js';
import type { KubeObject } from '../kube/resource-client.js';
import type { MetricResult, MetricStatus, SampleCount } from '../metrics/analysis.js';
import { renderQuery } from '../metrics/analysis-template.js';
import { flagBuiltinQuery, flagSampleCountQuery, isFlagBuiltinMetric } from '../metrics/flag-builtin.js';
import type { MetricSource } from '../metrics/sources.js';
import type { CheckResults } from './guard-checks.js';

/** Where a query goes: the operator's default Prometheus unless a MetricTemplate names one. */
export type FlagMetricSource = MetricSource;

export type FlagQuerier = (
  query: string,
  source: FlagMetricSource,
) => Promise<{ status: MetricStatus; value?: number | undefined; error?: string | undefined }>;

export interface FlagProbeDeps {
  templates: Informer<MetricTemplate & KubeObject>;
  query: FlagQuerier;
}

export interface FlagProbeTarget {
  namespace: string;
  /** metadata.name of the FeatureFlag. */
  name: string;
  /** The flag key the SDK labels its counters with. */
  flag: string;
  variant?: string | undefined;
  /** Default window of the checks. */
  interval: string;
}

export async function probeFlagChecks(
  target: FlagProbeTarget,
  checks: readonly FlagMetricCheck[],
  deps: FlagProbeDeps,
  withSamples: boolean,
): Promise<CheckResults> {
  const metrics = Promise.all(checks.map((c) => runFlagCheck(target, c, deps)));
  let samples: Promise<SampleCount | undefined> = Promise.resolve(undefined);
  if (withSamples) {
    const q = flagSampleCountQuery({ ...target });
    samples = deps.query(q, {}).then((r): SampleCount => {
      if (r.status === 'ok' && r.value !== undefined) return { value: r.value };
      // No series: nobody was served the variant in the window.
      if (r.status === 'NoData') return { value: 0 };
      return { error: r.error ?? r.status };
    });
  }
  const [m, s] = await Promise.all([metrics, samples]);
  return s ? { metrics: m, samples: s } : { metrics: m };
}

export async function runFlagCheck(
  target: FlagProbeTarget,
  check: FlagMetricCheck,
  deps: FlagProbeDeps,
): Promise<MetricResult> {
  const interval = check.interval ?? target.interval;
  const vars = {
    namespace: target.namespace,
    target: target.flag,
    name: target.name,
    interval,
    variables: { flag: target.flag, variant: target.variant ?? '', ...check.templateVariables },
  };
  let query: string;
  let source: FlagMetricSource = {};
  try {
    if (check.templateRef) {
      const tns = check.templateRef.namespace ?? target.namespace;
      const template = deps.templates.get(tns, check.templateRef.name);
      if (!template)
        return {
          name: check.name,
          status: 'QueryError',
          error: `MetricTemplate ${tns}/${check.templateRef.name} not found`,
        };
      const p = template.spec.provider;
      source = {
        address: p.address,
        namespace: tns,
        secretRef: p.secretRef,
        insecureSkipVerify: p.insecureSkipVerify,
      };
      query = renderQuery(template.spec.query, vars);
    } else if (check.query !== undefined) {
      query = renderQuery(check.query, vars);
    } else if (isFlagBuiltinMetric(check.name)) {
      query = flagBuiltinQuery(check.name, { ...target, interval });
    } else {
      return { name: check.name, status: 'QueryError', error: 'no query, templateRef or builtin metric' };
    }
  } catch (err) {
    return {
      name: check.name,
      status: 'QueryError',
      error: err instanceof Error ? err.message : String(err),
    };
  }
  const r = await deps.query(query, source);
  return { name: check.name, status: r.status, value: r.value, error: r.error, renderedQuery: query };
}
