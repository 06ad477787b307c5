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
import type { QueryValidation } from '../metrics/provider.js';
import { routingNames } from '../routing/names.js';
import type { Probes } from './probes.js';
import type { WebhookResult } from './types.js';
import type { MetricSource, QueryOutcome } from '../metrics/sources.js';

export type { MetricSource, QueryOutcome } from '../metrics/sources.js';

/** Runs one instant query; never throws (an outage is `MetricsUnavailable`). */
export type MetricQuerier = (query: string, source: MetricSource) => Promise<QueryOutcome>;

export interface WebhookCall {
  canary: DefaultedCanary;
  hook: DefaultedWebhook;
  /** Phase and message of the payload. */
  phase: string;
  message?: string | undefined;
}

/** Checks a query's syntax at its source; never throws (an outage is `unknown`). */
export type QueryValidator = (query: string, source: MetricSource) => Promise<QueryValidation>;

/** Calls one webhook (SSRF-checked at call time); never throws. */
export type WebhookCaller = (call: WebhookCall) => Promise<{ allowed: boolean; error?: string | undefined }>;

export interface ProbeDeps {
  templates: Informer<MetricTemplate & KubeObject>;
  query: MetricQuerier;
  callWebhook: WebhookCaller;
  /** Syntax check before analysis; without it a bad query is only caught when it runs. */
  validateQuery?: QueryValidator | undefined;
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

/** A check's query, ready to run, or why it cannot be rendered. */
export type RenderedCheck =
  | { ok: true; query: string; source: MetricSource; builtin: boolean }
  | { ok: false; error: string; missingTemplate?: boolean };

/** Renders one check's query (template, custom query or builtin) with the Canary's variables. */
export function renderCheck(
  c: DefaultedCanary,
  check: DefaultedMetricCheck,
  templates: ProbeDeps['templates'],
): RenderedCheck {
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
  try {
    if (check.templateRef) {
      const tns = check.templateRef.namespace ?? ns;
      const template = templates.get(tns, check.templateRef.name);
      if (!template) return { ok: false, error: 'MetricTemplate not found', missingTemplate: true };
      const p = template.spec.provider;
      const source: MetricSource = {
        address: p.address,
        namespace: tns,
        secretRef: p.secretRef,
        insecureSkipVerify: p.insecureSkipVerify,
      };
      return { ok: true, query: renderQuery(template.spec.query, vars), source, builtin: false };
    }
    if (check.query !== undefined)
      return { ok: true, query: renderQuery(check.query, vars), source: {}, builtin: false };
    if (isBuiltinMetric(check.name)) {
      const query = builtinQuery(check.name, {
        namespace: ns,
        workload: vars.target,
        interval: check.interval,
      });
      return { ok: true, query, source: {}, builtin: true };
    }
    return { ok: false, error: 'no query, templateRef or builtin metric' };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Renders and runs one check; a template that cannot be rendered is a QueryError naming the problem. */
export async function runCheck(
  c: DefaultedCanary,
  check: DefaultedMetricCheck,
  deps: ProbeDeps,
): Promise<MetricResult> {
  const r = renderCheck(c, check, deps.templates);
  if (!r.ok) return { name: check.name, status: 'QueryError', error: r.error };
  const q = await deps.query(r.query, r.source);
  return { name: check.name, status: q.status, value: q.value, error: q.error, renderedQuery: r.query };
}
