/**
 * Benchmark 4: one operator replica with many Canaries and FeatureFlags
 * across namespaces. Per point: RSS at steady state, idle CPU and API
 * requests per minute over an idle window, and the time to drain the work
 * queue after a restart. Points grow so the results show the growth curve.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeClient } from '../../src/kube/client.js';
import type { KubeObject } from '../../src/kube/resource-client.js';
import { kinds } from '../../src/kube/resource-kind.js';
import type { TestbedEnv } from '../../test/support/cluster/state.js';
import {
  applyCrds,
  bedEnv,
  bedVersions,
  createNamespace,
  inParallel,
  kubeFor,
  repo,
  sleep,
  waitFor,
} from '../lib/bed.js';
import { kubectlRun } from '../../test/support/kubectl.js';
import { machineInfo } from '../lib/machine.js';
import { buildOperator, startOperator, type Operator } from '../lib/operator.js';
import { writeResult } from '../lib/report.js';
import { app } from '../reaction/scenario.js';
import { cpuPercent, metricSum, requestsBetween, requestsSoFar, rssMiB } from './measure.js';
import { runLargePoint, storedPoints } from './large-point.js';
import { render, type MemoryReading, type MemoryVariant, type Point, type PointResult } from './report.js';

export const TARGETS = { rssMiB: 300, drainS: 30, idleCpuPercent: 5 };

export interface ScaleOptions {
  points: Point[];
  idleMs: number;
  /** Wait after steady state before the idle window: kwok and the controllers keep updating status for a while. */
  settleMs: number;
}

export const FULL: ScaleOptions = {
  points: [
    { namespaces: 10, canaries: 20, flags: 100 },
    { namespaces: 10, canaries: 100, flags: 500 },
    { namespaces: 10, canaries: 200, flags: 1000 },
  ],
  idleMs: 60_000,
  settleMs: 60_000,
};
/** The full size, measured on a private bed by `large-point.ts`. */
export const LARGE: Point = { namespaces: 50, canaries: 2000, flags: 10_000 };
export const QUICK: ScaleOptions = {
  points: [{ namespaces: 2, canaries: 2, flags: 10 }],
  idleMs: 5_000,
  settleMs: 2_000,
};

export async function runScale(opts: {
  quick: boolean;
  command: string;
  out?: string;
  env?: TestbedEnv;
  /** First measure 2,000/10,000 on a private bed (about 40 minutes here) and store it with the others. */
  large?: boolean;
}): Promise<{ results: PointResult[]; markdown: string }> {
  if (opts.large && !opts.quick) await runLargePoint(LARGE, opts.command);
  const started = new Date();
  const machine = machineInfo();
  const env = opts.env ?? bedEnv();
  const kube = kubeFor(env);
  const o = opts.quick ? QUICK : FULL;
  try {
    await applyCrds(env);
    // Quick runs (CI) skip the compile and run through tsx: their figures mean nothing anyway.
    const main = opts.quick ? undefined : await buildOperator();
    const results: PointResult[] = [];
    for (const p of o.points) results.push(await runPoint(env, kube, main, p, o.idleMs, o.settleMs));
    const markdown = render(results, {
      quick: opts.quick,
      command: opts.command,
      started,
      machine,
      idleMs: o.idleMs,
      settleMs: o.settleMs,
      versions: await bedVersions(
        env,
        kube,
        main ? '`fledge run` compiled with tsc, plain node' : '`fledge run` via tsx',
      ),
      targets: TARGETS,
      separate: storedPoints(),
    });
    if (opts.out) writeResult(opts.out, markdown);
    return { results, markdown };
  } finally {
    kube.close();
  }
}

export async function runPoint(
  env: TestbedEnv,
  kube: KubeClient,
  main: string | undefined,
  p: Point,
  idleMs: number,
  /** Wait after steady state before the idle window (lets kwok and controllers settle). */
  settleMs = 5_000,
  extra: {
    /**
     * Watch every namespace (one watch per kind), as a cluster-wide install
     * does. Only on a private bed: on the shared one the operator would touch
     * other users' objects.
     */
    clusterWide?: boolean;
    /** After the restart, restart once per variant and read steady-state memory. */
    memoryVariants?: MemoryVariant[];
  } = {},
): Promise<PointResult> {
  const log = (m: string): void => console.log(`  [${p.canaries}/${p.flags}] ${m}`);
  const namespaces: string[] = [];
  for (let i = 0; i < p.namespaces; i++) namespaces.push(await createNamespace(env, `bench-scale-${i}`));
  const nsOf = (i: number): string => namespaces[i % namespaces.length] as string;
  const requestsFile = join(tmpdir(), `fledge-bench-requests-${process.pid}.json`);
  const start = (variant?: MemoryVariant): Promise<Operator> =>
    startOperator(env, {
      namespaces: extra.clusterWide ? [] : namespaces,
      ...(main ? { builtMain: main } : {}),
      preload: [join(repo, 'bench', 'scale', 'count-requests.mjs')],
      env: { FLEDGE_BENCH_REQUESTS_FILE: requestsFile, ...variant?.env },
      nodeArgs: variant?.nodeArgs ?? [],
    });
  /** Process start → the work queue empty (two readings in a row). */
  const drained = async (o: Operator): Promise<number> => {
    let zeros = 0;
    await waitFor(
      async () => {
        const text = await o.metrics();
        const empty =
          metricSum(text, 'fledge_workqueue_depth') === 0 &&
          metricSum(text, 'fledge_workqueue_adds_total') >= p.canaries;
        zeros = empty ? zeros + 1 : 0;
        // Two readings in a row: a key taken by a worker is out of the queue but not done.
        return zeros >= 2 ? true : undefined;
      },
      600_000,
      'the work queue to drain after a restart',
      100,
    );
    return Date.now() - o.startedAt;
  };
  /** Where the RSS goes: the V8 heap in use (live objects and garbage not yet collected) and off-heap buffers. */
  const memory = async (o: Operator): Promise<Omit<MemoryReading, 'name' | 'drainMs'>> => {
    const m = await o.metrics();
    return {
      rssMiB: rssMiB(o.pid),
      heapUsedMiB: metricSum(m, 'nodejs_heap_size_used_bytes') / 2 ** 20,
      heapTotalMiB: metricSum(m, 'nodejs_heap_size_total_bytes') / 2 ** 20,
      externalMiB: metricSum(m, 'nodejs_external_memory_bytes') / 2 ** 20,
    };
  };
  let op: Operator | undefined;
  try {
    const t0 = Date.now();
    const deployments = kube.resources<KubeObject & { spec: object }>(kinds.deployment);
    const canaries = kube.resources<KubeObject & { spec: object; status?: { phase?: string } }>(kinds.canary);
    const flags = kube.resources<KubeObject & { spec: object }>(kinds.featureFlag);
    const idx = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
    await inParallel(idx(p.canaries), 16, async (i) => {
      const d = app.deployment(nsOf(i), `app-${i}`) as KubeObject & { spec: { replicas: number } };
      d.spec.replicas = 1;
      await deployments.create(d);
      await canaries.create({
        apiVersion: 'fledge.dev/v1alpha1',
        kind: 'Canary',
        metadata: { name: `app-${i}`, namespace: nsOf(i) },
        spec: {
          targetRef: { name: `app-${i}` },
          service: { port: 9898 },
          analysis: {
            interval: '1m',
            threshold: 2,
            stepWeight: 10,
            maxWeight: 50,
            metrics: [{ name: 'request-success-rate', thresholdRange: { min: 99 } }],
          },
        },
      });
    });
    await inParallel(idx(p.flags), 16, (i) =>
      flags.create({
        apiVersion: 'fledge.dev/v1alpha1',
        kind: 'FeatureFlag',
        metadata: { name: `flag-${i}`, namespace: nsOf(i) },
        spec: { variants: { on: true, off: false }, defaultVariant: 'off' },
      }),
    );
    log(`created in ${Date.now() - t0} ms`);

    op = await start();
    const steady = async (): Promise<true | undefined> => {
      let initialized = 0;
      let published = 0;
      for (const ns of namespaces) {
        const list = await canaries.list(ns);
        initialized += list.items.filter((c) => c.status?.phase === 'Initialized').length;
        const cm = await kube.core
          .readNamespacedConfigMap({ name: 'fledge-flags-default', namespace: ns })
          .catch(() => undefined);
        const text = cm?.data?.['flags.json'];
        if (text) published += Object.keys((JSON.parse(text) as { flags: object }).flags).length;
      }
      return initialized === p.canaries && published === p.flags ? true : undefined;
    };
    // About 0.5 s per Canary on this 2-core machine (bootstrap writes five objects each), so scale the wait.
    const syncLimitMs = Math.max(900_000, p.canaries * 1_500);
    await waitFor(steady, syncLimitMs, 'every Canary Initialized and every flag published', 2_000);
    const firstSyncMs = Date.now() - op.startedAt;
    log(`steady ${firstSyncMs} ms after the operator started`);
    await sleep(settleMs);

    const r0 = requestsSoFar(requestsFile);
    const t1 = Date.now();
    const idleCpu = await cpuPercent(op.pid, idleMs);
    const r1 = requestsSoFar(requestsFile);
    const perMin = (n: number): number => (n / (Date.now() - t1)) * 60_000;
    const reqPerMin = perMin(r1.requests - r0.requests);
    const idleTargets = requestsBetween(r0, r1).map(([k, n]): [string, number] => [k, perMin(n)]);
    const { rssMiB: rss, heapUsedMiB, heapTotalMiB, externalMiB } = await memory(op);
    log(
      `heap used ${heapUsedMiB.toFixed(0)} of ${heapTotalMiB.toFixed(0)} MiB, external ${externalMiB.toFixed(0)} MiB`,
    );
    log(`rss ${rss.toFixed(0)} MiB, idle cpu ${idleCpu.toFixed(2)} %, ${reqPerMin.toFixed(1)} requests/min`);

    // Restart: a new process lists everything and reconciles every key once.
    await op.stop();
    op = await start();
    const readyMs = Date.now() - op.startedAt;
    const drainMs = await drained(op);
    const rssAfterRestart = rssMiB(op.pid);
    log(`restart: ready ${readyMs} ms, drained ${drainMs} ms, rss ${rssAfterRestart.toFixed(0)} MiB`);

    const memoryVariants: MemoryReading[] = [];
    try {
      for (const v of extra.memoryVariants ?? []) {
        await op.stop();
        op = await start(v);
        const vDrainMs = await drained(op);
        await sleep(settleMs);
        const reading = { name: v.name, drainMs: vDrainMs, ...(await memory(op)) };
        memoryVariants.push(reading);
        log(
          `memory [${v.name}]: rss ${reading.rssMiB.toFixed(0)} MiB, heap ${reading.heapUsedMiB.toFixed(0)} of ${reading.heapTotalMiB.toFixed(0)} MiB, drained ${vDrainMs} ms`,
        );
      }
    } catch (err) {
      // The point's main figures are already measured; report the comparison as far as it got.
      log(`memory variants stopped: ${err instanceof Error ? err.message : String(err)}`);
    }
    return {
      point: p,
      firstSyncMs,
      rssMiB: rss,
      heapUsedMiB,
      heapTotalMiB,
      externalMiB,
      idleCpuPercent: idleCpu,
      requestsPerMin: reqPerMin,
      idleRequestsPerMinByTarget: idleTargets,
      readyMs,
      drainMs,
      rssAfterRestartMiB: rssAfterRestart,
      ...(extra.clusterWide ? { clusterWide: true } : {}),
      ...(memoryVariants.length > 0 ? { memoryVariants } : {}),
    };
  } finally {
    // Canaries carry a finalizer that the running operator removes.
    if (op) {
      await Promise.all(
        namespaces.map((ns) =>
          kubectlRun(['-n', ns, 'delete', 'canaries.fledge.dev', '--all', '--timeout=120s'], {
            kubeconfig: env.KUBECONFIG,
          }),
        ),
      );
      await op.stop();
    }
    await kubectlRun(['delete', 'namespace', ...namespaces, '--wait=false'], { kubeconfig: env.KUBECONFIG });
    rmSync(requestsFile, { force: true });
  }
}
