/**
 * The reaction scenario against Fledge: a Canary over a Deployment with
 * healthy traffic from the mesh simulator; each release changes the pod
 * template and is timed from watches in this process:
 * - detect: template patch → the Canary is Progressing and the target is scaled up;
 * - step: the reconcile that judged the analysis (its `decided` debug log
 *   line, with its timestamp) → the VirtualService weight change arriving.
 */
import type { KubeClient } from '../../src/kube/client.js';
import type { KubeObject } from '../../src/kube/resource-client.js';
import { kinds } from '../../src/kube/resource-kind.js';
import type { TestbedEnv } from '../../test/support/cluster/state.js';
import { MeshClient } from '../../test/support/mesh/client.js';
import { createNamespace, deleteNamespaces, sleep, waitFor } from '../lib/bed.js';
import { startOperator } from '../lib/operator.js';
import { app, type Release, type ScenarioResult, watchAll, weightsOf } from './scenario.js';

interface CanaryObj extends KubeObject {
  status?: { phase?: string; canaryWeight?: number };
}

export async function runFledgeScenario(
  env: TestbedEnv,
  kube: KubeClient,
  releases: number,
  intervalSeconds: number,
): Promise<ScenarioResult> {
  const ns = await createNamespace(env, 'bench-react');
  const op = await startOperator(env, { namespaces: [ns], logLevel: 'debug' });
  const mesh = new MeshClient(env.MESH_URL);
  const name = 'podinfo';
  const deployments = kube.resources<KubeObject & { spec?: { replicas?: number } }>(kinds.deployment);
  const canaries = kube.resources<CanaryObj>(kinds.canary);
  try {
    await deployments.create(app.deployment(ns, name));
    await canaries.create({
      apiVersion: 'fledge.dev/v1alpha1',
      kind: 'Canary',
      metadata: { name, namespace: ns },
      spec: {
        targetRef: { name },
        progressDeadlineSeconds: 120,
        service: { port: 9898 },
        analysis: {
          interval: `${intervalSeconds}s`,
          threshold: 2,
          stepWeight: 10,
          maxWeight: 30,
          minRequests: 10,
          metrics: [
            { name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '15s' },
            { name: 'error-rate', thresholdRange: { max: 1 }, interval: '15s' },
          ],
        },
      },
    } as CanaryObj);
    await waitFor(
      async () => ((await canaries.get(ns, name)).status?.phase === 'Initialized' ? true : undefined),
      120_000,
      'Canary Initialized',
    );
    await mesh.setTraffic(ns, name, { rps: 100 });
    const watch = await watchAll(kube, ns, name, kinds.canary);
    const out: Release[] = [];
    try {
      for (let r = 0; r < releases; r++) {
        // Traffic needs a window of data before the first analysis can pass.
        await sleep(2_000);
        const sent = Date.now();
        await deployments.patch(ns, name, {
          spec: { template: { metadata: { annotations: { 'bench.fledge.dev/release': String(r + 1) } } } },
        });
        const progressing = await watch.first((e) => e.kind === 'phase' && e.value === 'Progressing', sent);
        const scaled = await watch.first((e) => e.kind === 'replicas' && Number(e.value) > 0, sent);
        const weights = await watch.all(
          (e) => e.kind === 'weights' && weightsOf(e.value)[1] > 0,
          sent,
          (e) => e.kind === 'phase' && ['Succeeded', 'Failed'].includes(String(e.value)),
          180_000,
        );
        const decided = decisions(op.logs());
        const steps = weights.map((w) => {
          const d = decided.filter((t) => t <= w.at).at(-1);
          return { weight: weightsOf(w.value)[1], at: w.at, judgedAt: d };
        });
        const final = await watch.first(
          (e) => e.kind === 'phase' && ['Succeeded', 'Failed'].includes(String(e.value)),
          sent,
          180_000,
        );
        out.push({
          detectMs: Math.max(progressing.at, scaled.at) - sent,
          steps: steps.map((s) => ({
            weight: s.weight,
            sinceSentMs: s.at - sent,
            judgedToVsMs: s.judgedAt === undefined ? undefined : s.at - s.judgedAt,
          })),
          outcome: String(final.value),
        });
        console.log(`  [fledge] release ${r + 1}: ${JSON.stringify(out.at(-1))}`);
      }
    } finally {
      watch.stop();
    }
    return { tool: 'Fledge', releases: out, intervalSeconds };
  } finally {
    await mesh.stopTraffic(ns, name).catch(() => undefined);
    await canaries.delete(ns, name).catch(() => undefined);
    await sleep(1_000);
    await op.stop();
    await deleteNamespaces(env, [ns]);
  }
}

/** Times (ms) of the operator's `decided` lines that set routes: the reconciles that judged an analysis. */
function decisions(logs: string): number[] {
  const out: number[] = [];
  for (const line of logs.split('\n')) {
    if (!line.includes('"decided"') || !line.includes('setRoutes')) continue;
    const t = Date.parse((JSON.parse(line) as { time: string }).time);
    if (Number.isFinite(t)) out.push(t);
  }
  return out;
}
