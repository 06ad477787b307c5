/**
 * Shared set-up of the guard e2e suites (guarded rollout, kill switch,
 * experiments): a namespace, `fledge run` pointed at the bed's Prometheus,
 * and simulated workloads that Prometheus scrapes with the namespace label a
 * PodMonitor would attach.
 */
import { addScrapeTarget, type ScrapeTarget } from '../../support/prometheus-targets.js';
import type { TargetContext } from '../../support/targets.js';
import { startFledge, type OperatorProcess } from './processes.js';
import { crdFile, k } from './support.js';
import { Workload } from './workload-process.js';

export const CM = 'fledge-flags-default';

export interface GuardBed {
  ns: string;
  kc: ReturnType<typeof k>;
  op: OperatorProcess;
  /** Starts a workload evaluating `flag` (of the type of `dflt`) and has Prometheus scrape it. */
  workload(flag: string, dflt?: unknown): Promise<Workload>;
  apply(obj: object): Promise<void>;
  stop(): Promise<void>;
}

export interface FlagStatusJson {
  metadata: { annotations?: Record<string, string> };
  status?: {
    rollout?: {
      phase?: string;
      percentage?: number;
      currentStep?: number;
      failedChecks?: number;
      history?: { percentage: number; time: string; reason?: string }[];
      metrics?: { name: string; value?: number; verdict: string; samples?: number }[];
    };
    killSwitch?: {
      fired: boolean;
      firedAt?: string;
      failedChecks?: number;
      message?: string;
      metrics?: { name: string; value?: number; verdict: string }[];
    };
    experiment?: Record<string, unknown>;
    conditions?: { type: string; status: string; reason: string; message: string }[];
  };
}

export async function startGuardBed(target: TargetContext, prefix: string): Promise<GuardBed> {
  const ns = `${prefix}-${Math.random().toString(16).slice(2, 8)}`;
  const kc = k(target.kubeconfig);
  await kc.run(['apply', '--server-side', '--force-conflicts', '-f', crdFile]);
  await kc.run(['wait', '--for', 'condition=Established', 'crd/featureflags.fledge.dev', '--timeout=60s']);
  await kc.run(['create', 'namespace', ns]);
  // `fledge run` reads --prometheus-url from FLEDGE_PROMETHEUS_URL too.
  process.env['FLEDGE_PROMETHEUS_URL'] = target.prometheusUrl;
  const op = await startFledge(target.kubeconfig, ns);
  const workloads: Workload[] = [];
  const targets: ScrapeTarget[] = [];
  return {
    ns,
    kc,
    op,
    async workload(flag, dflt = false) {
      const w = await Workload.start(target.kubeconfig, ns, CM, flag, dflt);
      workloads.push(w);
      targets.push(await addScrapeTarget(`${ns}-${flag}`, w.metricsUrl, { namespace: ns }));
      return w;
    },
    async apply(obj) {
      // JSON, not YAML: kubectl reads YAML 1.1, where a variant named off is a boolean.
      await kc.run(['apply', '-n', ns, '-f', '-'], JSON.stringify(obj));
    },
    async stop() {
      await Promise.all(targets.map((t) => t.remove()));
      await Promise.all(workloads.map((w) => w.stop()));
      await op.stop();
      await kc.try(['delete', 'namespace', ns, '--wait=false']);
    },
  };
}

export const flagOf = (bed: GuardBed, name: string) =>
  bed.kc.json<FlagStatusJson>(['get', 'featureflag', '-n', bed.ns, name]);

export const conditionOf = (f: FlagStatusJson | undefined, type: string) =>
  f?.status?.conditions?.find((c) => c.type === type);

/** Events of the namespace with `reason`, newest last. */
export async function eventsWithReason(
  bed: GuardBed,
  reason: string,
): Promise<{ note?: string; message?: string }[]> {
  const list = await bed.kc.json<{ items: { reason?: string; note?: string; message?: string }[] }>([
    'get',
    'events',
    '-n',
    bed.ns,
  ]);
  return (list?.items ?? []).filter((e) => e.reason === reason);
}
