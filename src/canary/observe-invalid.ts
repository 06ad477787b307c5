/**
 * Bad input the CRD cannot reject, found while observing: a query Prometheus
 * cannot parse and Service ports that clash. Each is a `SpecProblem` naming
 * the field, so decide reports Ready=False instead of counting failed checks
 * (a typo must not roll back a healthy release, nor pass one).
 */
import type { V1Container, V1ServicePort } from '@kubernetes/client-node';
import type { DefaultedCanary, DefaultedMetricCheck } from '../api/canary-defaults.js';
import type { MetricResult } from '../metrics/analysis.js';
import { renderCheck, type ProbeDeps } from './observe-probes.js';
import { buildServices, servicePort, type Deployment } from './resources.js';
import type { SpecProblem } from './types.js';

/** Where a check's query comes from, for messages: the check's own field, or the template's `spec.query`. */
function queryPath(c: DefaultedCanary, check: DefaultedMetricCheck, i: number): string {
  if (!check.templateRef) return `spec.analysis.metrics[${i}].query`;
  const tns = check.templateRef.namespace ?? c.metadata.namespace ?? 'default';
  return `spec.analysis.metrics[${i}].templateRef (MetricTemplate ${tns}/${check.templateRef.name} spec.query)`;
}

/**
 * Renders every custom or templated query and asks its Prometheus whether it
 * parses. Builtins are Fledge's own and known to parse. An outage says
 * nothing either way: the check then fails as MetricsUnavailable when it runs.
 */
export async function queryProblems(
  c: DefaultedCanary,
  deps: Pick<ProbeDeps, 'templates' | 'validateQuery'>,
): Promise<SpecProblem[]> {
  const found = await Promise.all(
    c.spec.analysis.metrics.map(async (check, i): Promise<SpecProblem | undefined> => {
      if (!check.templateRef && check.query === undefined) return undefined;
      const r = renderCheck(c, check, deps.templates);
      // A missing template is reported as a missing reference by observe.
      if (!r.ok && r.missingTemplate) return undefined;
      if (!r.ok) return { reason: 'InvalidQuery', path: queryPath(c, check, i), message: r.error };
      if (!deps.validateQuery) return undefined;
      const v = await deps.validateQuery(r.query, r.source);
      if (v.status !== 'invalid') return undefined;
      return { reason: 'InvalidQuery', path: queryPath(c, check, i), message: v.error };
    }),
  );
  return found.filter((p): p is SpecProblem => p !== undefined);
}

/** A query that reached analysis and did not parse (validation was skipped or unavailable). */
export function resultProblems(
  c: DefaultedCanary,
  results: readonly MetricResult[] | undefined,
): SpecProblem[] {
  const out: SpecProblem[] = [];
  c.spec.analysis.metrics.forEach((check, i) => {
    const r = results?.find((m) => m.name === check.name);
    if (r?.status !== 'InvalidQuery') return;
    out.push({
      reason: 'InvalidQuery',
      path: queryPath(c, check, i),
      message: r.error ?? 'query does not parse',
    });
  });
  return out;
}

/**
 * Ports the generated Services cannot serve: two ports with one number or one
 * name (the apiserver rejects such a Service, so every reconcile would fail),
 * and a named `targetPort` that no container of the target declares (the
 * Service would select pods but route nowhere: Istio answers 503).
 */
export function portProblems(c: DefaultedCanary, target: Deployment): SpecProblem[] {
  const out: SpecProblem[] = [];
  const own = servicePort(c);
  const service = buildServices(c, target)[0];
  const ports = service?.spec?.ports ?? [];
  const where = `Service ${service?.metadata?.namespace ?? ''}/${service?.metadata?.name ?? ''}`;
  out.push(...duplicatePorts(ports, own.name, where));
  const declared = new Set(containers(target).flatMap((k) => (k.ports ?? []).map((p) => p.name)));
  for (const p of ports) {
    if (typeof p.targetPort !== 'string' || declared.has(p.targetPort)) continue;
    out.push({
      reason: 'PortConflict',
      path: p.name === own.name ? 'spec.service.targetPort' : 'spec.service.portDiscovery',
      message: `targetPort "${p.targetPort}" of ${where} is not a named port of any container of Deployment ${target.metadata?.name ?? ''}`,
    });
  }
  return out;
}

/** Two ports of one Service with one number or one name; `own` names the port of `spec.service`. */
export function duplicatePorts(
  ports: readonly V1ServicePort[],
  own: string | undefined,
  where: string,
): SpecProblem[] {
  const out: SpecProblem[] = [];
  ports.forEach((p, i) => {
    const twin = ports.findIndex((q, j) => j < i && (q.port === p.port || (!!q.name && q.name === p.name)));
    const first = ports[twin];
    if (twin < 0 || !first) return;
    const samePort = first.port === p.port;
    const involvesOwn = first.name === own || p.name === own;
    out.push({
      reason: 'PortConflict',
      path: !involvesOwn
        ? 'spec.service.portDiscovery'
        : samePort
          ? 'spec.service.port'
          : 'spec.service.portName',
      message: `${samePort ? `port ${p.port}` : `port name "${p.name ?? ''}"`} is used twice on ${where} ("${first.name ?? ''}" ${first.port} and "${p.name ?? ''}" ${p.port})`,
    });
  });
  return out;
}

function containers(target: Deployment): V1Container[] {
  return target.spec?.template.spec?.containers ?? [];
}
