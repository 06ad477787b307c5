/**
 * RBAC proven sufficient: the operator runs with a real token of the chart's
 * ServiceAccount (namespaced mode, leader election on) through a flag
 * scenario (publish, update, delete the set's ConfigMap) and a canary
 * scenario (initialise, progress on live metrics, promote), and never gets a
 * 403. The token's identity is checked first: it cannot read pods.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { testbed } from '../../support/env.js';
import { kubectlRun } from '../../support/kubectl.js';
import { MeshClient } from '../../support/mesh/client.js';
import {
  createNamespace,
  deleteNamespaces,
  eventually,
  k,
  repoRoot,
  run,
  template,
  uniqueName,
} from './helm.js';

const release = uniqueName('fl');
const ns = { release: uniqueName('fledge-sa'), watched: uniqueName('sa-watched') };
const sa = `${release}-fledge`;
const work = mkdtempSync(join(tmpdir(), 'fledge-sa-'));
const kubeconfig = join(work, 'kubeconfig');
const logFile = join(work, 'operator.log');
let operator: ChildProcess | undefined;

/** A kubeconfig for the bed's apiserver that authenticates with `token`. */
function tokenKubeconfig(token: string): string {
  const admin = parse(readFileSync(testbed().KUBECONFIG, 'utf8')) as {
    clusters: { name: string; cluster: Record<string, unknown> }[];
  };
  const cluster = admin.clusters[0]!;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster],
    users: [{ name: sa, user: { token } }],
    contexts: [{ name: sa, context: { cluster: cluster.name, user: sa, namespace: ns.watched } }],
    'current-context': sa,
  });
}

const logs = (): string => readFileSync(logFile, 'utf8');
/** Log lines that report a refusal by the apiserver. */
const forbidden = (): string[] =>
  logs()
    .split('\n')
    .filter((l) => /\b403\b|forbidden/i.test(l));

beforeAll(async () => {
  await createNamespace(ns.release, { 'pod-security.kubernetes.io/enforce': 'restricted' });
  await createNamespace(ns.watched);
  const { objects } = await template(release, ns.release, {
    watchNamespaces: [ns.watched],
    leaderElection: { enabled: true },
  });
  // Everything but the Deployment: the operator runs here, as a process, with the pod's identity.
  const items = objects.filter((o) => o.kind !== 'Deployment');
  await k(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  const token = (await k(['create', 'token', sa, '-n', ns.release, '--duration=1h'])).trim();
  writeFileSync(kubeconfig, tokenKubeconfig(token), { mode: 0o600 });

  const out = createWriteStream(logFile);
  operator = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'run',
      `--kubeconfig=${kubeconfig}`,
      `--namespace=${ns.watched}`,
      '--metrics-addr=127.0.0.1:0',
      `--prometheus-url=${testbed().PROMETHEUS_URL}`,
      '--leader-elect',
      `--leader-election-namespace=${ns.release}`,
      '--leader-election-id=fledge-leader',
      '--log-level=debug',
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  operator.stdout?.pipe(out);
  operator.stderr?.pipe(out);
}, 120_000);

afterAll(async () => {
  if (operator && operator.exitCode === null) {
    const exited = new Promise((r) => operator!.once('exit', r));
    operator.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 12_000))]);
    operator.kill('SIGKILL');
  }
  await new MeshClient(testbed().MESH_URL).stopTraffic(ns.watched, 'podinfo').catch(() => undefined);
  await deleteNamespaces(Object.values(ns));
  rmSync(work, { recursive: true, force: true });
});

describe('the operator as the chart ServiceAccount (namespaced mode)', () => {
  it('really is that identity: its token cannot read pods or other namespaces', async () => {
    const pods = await kubectlRun(['get', 'pods', '-n', ns.watched], { kubeconfig });
    expect(pods.stderr).toMatch(/forbidden: User "system:serviceaccount:[^"]+" cannot list resource "pods"/);
    const other = await kubectlRun(['get', 'configmaps', '-n', 'default'], { kubeconfig });
    expect(other.stderr).toMatch(/forbidden/);
  });

  it('takes the Lease and gets ready', async () => {
    await eventually(
      async () =>
        (
          await run([
            'get',
            'lease',
            'fledge-leader',
            '-n',
            ns.release,
            '-o',
            'jsonpath={.spec.holderIdentity}',
          ])
        ).stdout,
      60_000,
      `the Lease to be held (logs:\n${tailOfLogs()})`,
    );
    const addr = await eventually(
      () => Promise.resolve(/"metricsAddr":"([^"]+)"/.exec(logs())?.[1]),
      30_000,
      'metrics address',
    );
    await eventually(async () => (await fetch(`http://${addr}/readyz`)).ok, 60_000, '/readyz');
  });

  it('publishes, updates and removes a flag set', async () => {
    const flag = (state: string) => ({
      apiVersion: 'fledge.dev/v1alpha1',
      kind: 'FeatureFlag',
      metadata: { name: 'new-checkout', namespace: ns.watched },
      spec: { flagSet: 'rbac', state, variants: { on: true, off: false }, defaultVariant: 'off' },
    });
    const flagsJson = async () => {
      const res = await run(['get', 'configmap', 'fledge-flags-rbac', '-n', ns.watched, '-o', 'json']);
      if (res.code !== 0) return undefined;
      const cm = JSON.parse(res.stdout) as { data?: Record<string, string> };
      return JSON.parse(cm.data?.['flags.json'] ?? '{}') as { flags?: Record<string, { state?: string }> };
    };
    await k(['apply', '-f', '-'], JSON.stringify(flag('ENABLED')));
    await eventually(
      async () => (await flagsJson())?.flags?.['new-checkout']?.state === 'ENABLED',
      60_000,
      'published',
    );
    await eventually(
      async () =>
        (
          await run([
            'get',
            'featureflag',
            'new-checkout',
            '-n',
            ns.watched,
            '-o',
            'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
          ])
        ).stdout === 'True',
      30_000,
      'FeatureFlag Ready',
    );
    await k(['apply', '-f', '-'], JSON.stringify(flag('DISABLED')));
    await eventually(
      async () => (await flagsJson())?.flags?.['new-checkout']?.state === 'DISABLED',
      60_000,
      'updated',
    );
    await k(['delete', 'featureflag', 'new-checkout', '-n', ns.watched]);
    await eventually(
      async () => (await flagsJson()) === undefined,
      60_000,
      'the empty set ConfigMap deleted',
    );
    expect(forbidden()).toEqual([]);
  });

  it('initialises, progresses and promotes a canary', async () => {
    const mesh = new MeshClient(testbed().MESH_URL);
    const deployment = (image: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'podinfo', namespace: ns.watched },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'podinfo' } },
        template: {
          metadata: { labels: { app: 'podinfo' } },
          spec: { containers: [{ name: 'app', image, ports: [{ name: 'http', containerPort: 9898 }] }] },
        },
      },
    });
    const canary = {
      apiVersion: 'fledge.dev/v1alpha1',
      kind: 'Canary',
      metadata: { name: 'podinfo', namespace: ns.watched },
      spec: {
        targetRef: { name: 'podinfo' },
        progressDeadlineSeconds: 60,
        service: { port: 9898 },
        analysis: {
          interval: '5s',
          threshold: 2,
          stepWeight: 25,
          maxWeight: 50,
          minRequests: 10,
          metrics: [{ name: 'error-rate', thresholdRange: { max: 1 }, interval: '15s' }],
        },
      },
    };
    const phase = async () =>
      (await run(['get', 'canary', 'podinfo', '-n', ns.watched, '-o', 'jsonpath={.status.phase}'])).stdout;
    await k(['apply', '-f', '-'], JSON.stringify(deployment('ghcr.io/stefanprodan/podinfo:6.0.0')));
    await k(['apply', '-f', '-'], JSON.stringify(canary));
    await eventually(
      async () => (await phase()) === 'Initialized',
      90_000,
      `Initialized (logs:\n${tailOfLogs()})`,
    );
    await mesh.setTraffic(ns.watched, 'podinfo', { rps: 100 });
    await k([
      '-n',
      ns.watched,
      'set',
      'image',
      'deployment/podinfo',
      'app=ghcr.io/stefanprodan/podinfo:6.0.1',
    ]);
    const seen = new Set<number>();
    await eventually(
      async () => {
        const vs = ['get', 'virtualservice', 'podinfo', '-n', ns.watched];
        const w = (await run([...vs, '-o', 'jsonpath={.spec.http[0].route[1].weight}'])).stdout;
        if (Number(w) > 0) seen.add(Number(w));
        return ['Succeeded', 'Failed'].includes(await phase());
      },
      150_000,
      'the rollout to finish',
    );
    expect(await phase(), tailOfLogs()).toBe('Succeeded');
    // Each step was written to the VirtualService with this identity; the primary got the new template.
    expect([...seen].sort()).toEqual([25, 50]);
    const primary = ['get', 'deployment', 'podinfo-primary', '-n', ns.watched];
    expect(await k([...primary, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe(
      'ghcr.io/stefanprodan/podinfo:6.0.1',
    );
    const events = await k([
      'get',
      'events.events.k8s.io',
      '-n',
      ns.watched,
      '-o',
      'jsonpath={.items[*].reportingController}',
    ]);
    expect(events).toMatch(/fledge/);
    expect(forbidden()).toEqual([]);
  }, 300_000);
});

function tailOfLogs(): string {
  try {
    return logs().split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}
