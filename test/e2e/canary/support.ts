/**
 * What the canary e2e scenarios share: the operator as a real process
 * (`fledge run`, scoped to the test's namespace), kubectl as users run it,
 * the mesh simulator for traffic and per-version behaviour, and small
 * builders for a Deployment and a Canary with short intervals.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testbed } from '../../support/env.js';
import { kubectl, kubectlRun } from '../../support/kubectl.js';
import { MeshClient } from '../../support/mesh/client.js';
import { eventually } from '../../support/eventually.js';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));

export function bed() {
  const env = testbed();
  process.env['KUBECONFIG'] = env.KUBECONFIG;
  return { env, mesh: new MeshClient(env.MESH_URL) };
}

export async function createNamespace(prefix: string): Promise<string> {
  const ns = `${prefix}-${randomBytes(3).toString('hex')}`;
  await kubectl(['create', 'namespace', ns]);
  return ns;
}

/**
 * Deletes the Canaries while the operator still runs (their finalizer needs
 * it), then stops the operator and deletes the namespace.
 */
export async function teardown(ns: string, fledge: Fledge | undefined): Promise<void> {
  if (fledge) {
    await kubectlRun(['-n', ns, 'delete', 'canaries', '--all', '--timeout=30s']);
    await fledge.stop();
  }
  await kubectlRun(['delete', 'namespace', ns, '--wait=false']);
}

export interface Fledge {
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL, no shutdown. */
  kill(): Promise<void>;
  logs(): string;
  /** GET /metrics of the operator. */
  metrics(): Promise<string>;
  /** The Canary Events the operator logged (one line each), for failure messages. */
  story(): string;
}

/** Starts `fledge run -n <ns>` against the bed's apiserver and Prometheus. */
export function startFledge(ns: string): Fledge {
  const { env } = bed();
  const dir = mkdtempSync(join(tmpdir(), 'fledge-e2e-'));
  const logFile = join(dir, 'operator.log');
  const out = createWriteStream(logFile);
  const proc: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'run',
      '--namespace',
      ns,
      '--metrics-addr',
      '127.0.0.1:0',
      '--prometheus-url',
      env.PROMETHEUS_URL,
      '--kubeconfig',
      env.KUBECONFIG,
      '--log-level',
      'debug',
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  proc.stdout?.pipe(out);
  proc.stderr?.pipe(out);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 12_000))]);
  };
  return {
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    logs: () => readFileSync(logFile, 'utf8'),
    metrics: async () => {
      const addr = /"metricsAddr":"([^"]+)"/.exec(readFileSync(logFile, 'utf8'))?.[1];
      if (!addr) throw new Error('operator has not logged its metrics address yet');
      return (await fetch(`http://${addr}/metrics`)).text();
    },
    story: () =>
      readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"reason"') || l.includes('"level":50') || l.includes('"level":40'))
        .map((l) => {
          const j = JSON.parse(l) as { time?: string; msg?: string; err?: string };
          return `${j.time ?? ''} ${j.msg ?? ''} ${j.err ?? ''}`;
        })
        .join('\n'),
  };
}

export async function apply(obj: unknown): Promise<void> {
  await kubectl(['apply', '-f', '-'], { input: JSON.stringify(obj) });
}

export function deployment(ns: string, name: string, image: string, replicas = 2): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image,
              ports: [{ name: 'http', containerPort: 9898 }],
              readinessProbe: { httpGet: { path: '/readyz', port: 9898 } },
            },
          ],
        },
      },
    },
  };
}

/** A Canary with intervals short enough for a test: 5 s steps, 2 failures roll back. */
export function canary(
  ns: string,
  name: string,
  analysis: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
): unknown {
  return {
    apiVersion: 'fledge.dev/v1alpha1',
    kind: 'Canary',
    metadata: { name, namespace: ns },
    spec: {
      targetRef: { name },
      progressDeadlineSeconds: 60,
      service: { port: 9898 },
      analysis: {
        interval: '5s',
        threshold: 2,
        stepWeight: 10,
        maxWeight: 50,
        minRequests: 10,
        metrics: [
          { name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '15s' },
          { name: 'error-rate', thresholdRange: { max: 1 }, interval: '15s' },
        ],
        ...analysis,
      },
      ...spec,
    },
  };
}

export interface CanaryView {
  metadata: { resourceVersion: string; annotations?: Record<string, string> };
  status?: {
    phase?: string;
    canaryWeight?: number;
    failedChecks?: number;
    lastAppliedSpec?: string;
    lastTransitionTime?: string;
    conditions?: { type: string; status: string; reason: string; message: string }[];
    metrics?: { name: string; verdict: string; reason?: string; message?: string; value?: number }[];
  };
}

export async function getCanary(ns: string, name: string): Promise<CanaryView> {
  return JSON.parse(await kubectl(['-n', ns, 'get', 'canary', name, '-o', 'json'])) as CanaryView;
}

export function condition(c: CanaryView, type: string) {
  return c.status?.conditions?.find((x) => x.type === type);
}

/** Weights of the Fledge-weighted route: [primary, canary], or undefined while there is none. */
export async function vsWeights(ns: string, name: string): Promise<[number, number] | undefined> {
  const res = await kubectlRun(['-n', ns, 'get', 'virtualservice', name, '-o', 'json']);
  if (res.code !== 0) return undefined;
  const vs = JSON.parse(res.stdout) as {
    spec?: { http?: { name?: string; route?: { destination: { host: string }; weight?: number }[] }[] };
  };
  const route = vs.spec?.http?.find((h) => h.name === 'fledge-weighted') ?? vs.spec?.http?.[0];
  const weightOf = (suffix: string) =>
    route?.route?.find((r) => r.destination.host.startsWith(`${name}${suffix}`))?.weight ?? 0;
  return route ? [weightOf('-primary'), weightOf('-canary')] : undefined;
}

export async function image(ns: string, deploymentName: string): Promise<string> {
  return kubectl([
    '-n',
    ns,
    'get',
    'deployment',
    deploymentName,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ]);
}

export async function replicas(ns: string, deploymentName: string): Promise<number> {
  return Number(
    await kubectl(['-n', ns, 'get', 'deployment', deploymentName, '-o', 'jsonpath={.spec.replicas}']),
  );
}

export async function setImage(ns: string, name: string, img: string): Promise<void> {
  await kubectl(['-n', ns, 'set', 'image', `deployment/${name}`, `app=${img}`]);
}

/** Polls `fn` every 500 ms until it returns a truthy value or `timeoutMs` passes. */
export function until<T>(fn: () => Promise<T> | T, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  return eventually(async () => (await fn()) || undefined, timeoutMs, what, 500);
}

export async function phaseIs(
  ns: string,
  name: string,
  ...phases: string[]
): Promise<CanaryView | undefined> {
  const c = await getCanary(ns, name);
  return phases.includes(c.status?.phase ?? '') ? c : undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Canary Events of a namespace, as `reason: note` lines. */
export async function events(ns: string): Promise<string[]> {
  const out = await kubectl(['-n', ns, 'get', 'events.events.k8s.io', '-o', 'json']);
  const list = JSON.parse(out) as { items: { reason?: string; note?: string }[] };
  return list.items.map((e) => `${e.reason ?? ''}: ${e.note ?? ''}`);
}
