/**
 * The reaction scenario against Flagger, on a private bed with Flagger's CRDs
 * (never the shared one: see private-bed.ts). Same app, traffic, interval and
 * steps as fledge.ts; timed from the same watches:
 * - detect: template patch → the Canary is Progressing and the target is scaled up;
 * - step: the last Prometheus answer Flagger got before the weight change
 *   (its analysis judged: Flagger logs nothing between the checks and the
 *   routing, so a proxy in front of Prometheus times its queries) → the
 *   VirtualService weight change arriving.
 */
import { execFile, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KubeClient } from '../../src/kube/client.js';
import type { KubeObject } from '../../src/kube/resource-client.js';
import { kinds, type ResourceKind } from '../../src/kube/resource-kind.js';
import type { TestbedEnv } from '../../test/support/cluster/state.js';
import { kubectl } from '../../test/support/kubectl.js';
import { MeshClient } from '../../test/support/mesh/client.js';
import { createNamespace, sleep, waitFor } from '../lib/bed.js';
import { app, type Release, type ScenarioResult, watchAll, weightsOf } from './scenario.js';

const flaggerCanary: ResourceKind = {
  group: 'flagger.app',
  version: 'v1beta1',
  plural: 'canaries',
  kind: 'Canary',
  namespaced: true,
};

/** artifacts/flagger/crd.yaml of the module version the binary was built from. */
async function crdFile(version: string): Promise<string> {
  const { stdout } = await promisify(execFile)('go', ['env', 'GOMODCACHE']);
  return join(stdout.trim(), `github.com/fluxcd/flagger@v${version}`, 'artifacts', 'flagger', 'crd.yaml');
}

/** Forwards to Prometheus and records when each query was answered. */
async function timedProxy(target: string): Promise<{ url: string; answered: number[]; server: Server }> {
  const answered: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const headers: Record<string, string> = {};
      const type = req.headers['content-type'];
      if (type) headers['content-type'] = type;
      fetch(new URL(req.url ?? '/', target), { method: req.method, headers, body })
        .then(async (r) => {
          const text = Buffer.from(await r.arrayBuffer());
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
          res.end(text);
          if (req.url?.startsWith('/api/v1/query')) answered.push(Date.now());
        })
        .catch((err: unknown) => {
          res.writeHead(502);
          res.end(String(err));
        });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, answered, server };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export async function runFlaggerScenario(
  env: TestbedEnv,
  kube: KubeClient,
  bin: string,
  version: string,
  releases: number,
  intervalSeconds: number,
): Promise<ScenarioResult & { logFile: string }> {
  await kubectl(['apply', '--server-side', '-f', await crdFile(version)], { kubeconfig: env.KUBECONFIG });
  await kubectl(['wait', '--for', 'condition=Established', '--timeout=60s', 'crd/canaries.flagger.app'], {
    kubeconfig: env.KUBECONFIG,
  });
  const ns = await createNamespace(env, 'bench-flagger');
  const proxy = await timedProxy(env.PROMETHEUS_URL);
  const logFile = join(mkdtempSync(join(tmpdir(), 'fledge-bench-flagger-')), 'flagger.log');
  const args = [
    `-kubeconfig=${env.KUBECONFIG}`,
    '-mesh-provider=istio',
    `-metrics-server=${proxy.url}`,
    `-namespace=${ns}`,
    '-enable-leader-election=false',
    '-log-level=debug',
    `-port=${await freePort()}`,
  ];
  const child = spawn('nice', ['-n', '10', bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const mesh = new MeshClient(env.MESH_URL);
  const name = 'podinfo';
  const deployments = kube.resources<KubeObject & { spec?: { replicas?: number } }>(kinds.deployment);
  const canaries = kube.resources<KubeObject & { status?: { phase?: string } }>(flaggerCanary);
  try {
    await deployments.create(app.deployment(ns, name));
    await canaries.create({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name, namespace: ns },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        progressDeadlineSeconds: 120,
        service: { port: 9898 },
        analysis: {
          interval: `${intervalSeconds}s`,
          threshold: 2,
          stepWeight: 10,
          maxWeight: 30,
          metrics: [{ name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '15s' }],
        },
      },
    } as KubeObject);
    await waitFor(
      async () => ((await canaries.get(ns, name)).status?.phase === 'Initialized' ? true : undefined),
      180_000,
      `Flagger Canary ${ns}/${name} Initialized (log: ${logFile})`,
    );
    await mesh.setTraffic(ns, name, { rps: 100 });
    const watch = await watchAll(kube, ns, name, flaggerCanary);
    const out: Release[] = [];
    try {
      for (let r = 0; r < releases; r++) {
        await sleep(2_000);
        const sent = Date.now();
        await deployments.patch(ns, name, {
          spec: { template: { metadata: { annotations: { 'bench.fledge.dev/release': String(r + 1) } } } },
        });
        const timeout = 12 * intervalSeconds * 1000 + 60_000;
        const progressing = await watch.first(
          (e) => e.kind === 'phase' && e.value === 'Progressing',
          sent,
          timeout,
        );
        const scaled = await watch.first((e) => e.kind === 'replicas' && Number(e.value) > 0, sent, timeout);
        const isEnd = (e: { kind: string; value: unknown }): boolean =>
          e.kind === 'phase' && ['Succeeded', 'Failed'].includes(String(e.value));
        const weights = await watch.all(
          (e) => e.kind === 'weights' && weightsOf(e.value)[1] > 0,
          sent,
          isEnd,
          timeout,
        );
        const final = await watch.first(isEnd, sent, timeout);
        out.push({
          detectMs: Math.max(progressing.at, scaled.at) - sent,
          steps: weights.map((w, i) => {
            // Only queries since the previous step count: Flagger routes the
            // first step before any check, so that step has no judging.
            const from = i === 0 ? sent : (weights[i - 1]?.at ?? sent);
            const judged = proxy.answered.filter((t) => t > from && t <= w.at).at(-1);
            return {
              weight: weightsOf(w.value)[1],
              sinceSentMs: w.at - sent,
              judgedToVsMs: judged === undefined ? undefined : w.at - judged,
            };
          }),
          outcome: String(final.value),
        });
        console.log(`  [flagger] release ${r + 1}: ${JSON.stringify(out.at(-1))}`);
      }
    } finally {
      watch.stop();
    }
    return { tool: 'Flagger', releases: out, intervalSeconds, logFile };
  } catch (err) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    throw new Error(`Flagger scenario: ${err instanceof Error ? err.message : String(err)}\n${tail}`);
  } finally {
    await mesh.stopTraffic(ns, name).catch(() => undefined);
    child.kill('SIGTERM');
    proxy.server.close();
  }
}
