/**
 * The I/O half of observe that only some phases need: the metric checks,
 * the canary request counts, and gate/check webhooks. Only what `probes()`
 * asks for is measured; a check that cannot be rendered or run is reported
 * with its reason, never dropped (dropped would read as "not measured", and
 * either way it is not a pass).
 */
import type { DefaultedCanary, DefaultedMetricCheck, DefaultedWebhook } from '../api/canary-defaults.js';
import { formatDurationMs } from '../api/duration.js';
import type { MetricTemplate } from '../api/metric-template.js';
import type { Informer } from '../kube/informer.js';
import type { KubeObject } from '../kube/resource-client.js';
import type { MetricResult, SampleCount } from '../metrics/analysis.js';
import { renderQuery } from '../metrics/analysis-template.js';
import { builtinQuery, isBuiltinMetric, sampleCountQuery } from '../metrics/builtin.js';
import { routingNames } from '../routing/names.js';
import type { Probes } from './probes.js';
import type { MetricStatus, WebhookResult } from './types.js';

/** Where a query goes: the operator's default Prometheus unless a MetricTemplate names one. */
export interface MetricSource {
  address?: string | undefined;
  /** Namespace of the MetricTemplate, where its `secretRef` lives. */
  namespace?: string | undefined;
  secretRef?: { name: string } | undefined;
  insecureSkipVerify?: boolean | undefined;
}

export type QueryOutcome = { status: MetricStatus; value?: number | undefined; error?: string | undefined };

/** Runs one instant query; never throws (an outage is `MetricsUnavailable`). */
export type MetricQuerier = (query: string, source: MetricSource) => Promise<QueryOutcome>;

export interface WebhookCall {
  canary: DefaultedCanary;
  hook: DefaultedWebhook;
  /** Phase and message of the payload. */
  phase: string;
  message?: string | undefined;
}

/** Calls one webhook (SSRF-checked at call time); never throws. */
export type WebhookCaller = (call: WebhookCall) => Promise<{ allowed: boolean; error?: string | undefined }>;

export interface ProbeDeps {
  templates: Informer<MetricTemplate & KubeObject>;
  query: MetricQuerier;
  callWebhook: WebhookCaller;
}

export interface ProbeResults {
  metrics?: MetricResult[];
  windowRequests?: SampleCount;
  stepRequests?: SampleCount;
  webhooks?: WebhookResult[];
}

export async function probeChecks(
  c: DefaultedCanary,
  wanted: Probes,
  deps: ProbeDeps,
  now: number,
): Promise<ProbeResults> {
  const out: ProbeResults = {};
  const ns = c.metadata.namespace ?? 'default';
  const workload = c.spec.targetRef.name;
  const tasks: Promise<void>[] = [];
  if (wanted.metrics) {
    tasks.push(
      Promise.all(c.spec.analysis.metrics.map((m) => runCheck(c, m, deps))).then((r) => {
        out.metrics = r;
      }),
    );
    const q = sampleCountQuery({ namespace: ns, workload, interval: c.spec.analysis.interval });
    tasks.push(count(deps, q).then((r) => void (out.windowRequests = r)));
  }
  if (wanted.stepRequests) {
    const since = Date.parse(c.status?.stepStartedAt ?? '');
    if (Number.isNaN(since)) out.stepRequests = { error: 'no step start time' };
    else {
      // At least one second: Prometheus rejects an empty range.
      const interval = formatDurationMs(Math.max(1000, Math.floor((now - since) / 1000) * 1000));
      const q = sampleCountQuery({ namespace: ns, workload, interval });
      tasks.push(count(deps, q).then((r) => void (out.stepRequests = r)));
    }
  }
  if (wanted.webhooks.length > 0) {
    const hooks = c.spec.analysis.webhooks.filter((w) => wanted.webhooks.includes(w.name));
    const phase = c.status?.phase ?? 'Initializing';
    tasks.push(
      Promise.all(
        hooks.map(async (hook): Promise<WebhookResult> => {
          const r = await deps.callWebhook({ canary: c, hook, phase });
          return { name: hook.name, type: hook.type, allowed: r.allowed, error: r.error };
        }),
      ).then((r) => void (out.webhooks = r)),
    );
  }
  await Promise.all(tasks);
  return out;
}

async function count(deps: ProbeDeps, query: string): Promise<SampleCount> {
  const r = await deps.query(query, {});
  if (r.status === 'ok' && r.value !== undefined) return { value: r.value };
  // No series: the canary served nothing in the window (Istio only has series once a request happened).
  if (r.status === 'NoData') return { value: 0 };
  return { error: r.error ?? r.status };
}

/** Renders and runs one check; a template that cannot be rendered is a QueryError naming the problem. */
export async function runCheck(
  c: DefaultedCanary,
  check: DefaultedMetricCheck,
  deps: ProbeDeps,
): Promise<MetricResult> {
  const ns = c.metadata.namespace ?? 'default';
  const names = routingNames(c);
  const vars = {
    namespace: ns,
    target: c.spec.targetRef.name,
    name: c.metadata.name,
    service: names.apex,
    interval: check.interval,
    variables: check.templateVariables,
  };
  let query: string;
  let source: MetricSource = {};
  try {
    if (check.templateRef) {
      const tns = check.templateRef.namespace ?? ns;
      const template = deps.templates.get(tns, check.templateRef.name);
      if (!template) return { name: check.name, status: 'QueryError', error: 'MetricTemplate not found' };
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
    } else if (isBuiltinMetric(check.name)) {
      query = builtinQuery(check.name, { namespace: ns, workload: vars.target, interval: check.interval });
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
