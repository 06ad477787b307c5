/**
 * One larger scale point on a private bed: the same measurement as a point of
 * `bench/run.ts scale`, on a bed of its own so thousands of objects do not
 * load the shared one, torn down at the end. The operator watches every
 * namespace there (nobody else uses that bed), as a cluster-wide install does,
 * and after the restart it is started once more per Node memory setting.
 *
 * `npx tsx bench/scale/large-point.ts <canaries> <flags> <namespaces>` runs
 * one point and stores it as bench/results/scale-<canaries>-<flags>.json;
 * `bench/run.ts scale` renders the stored points into scale.md beside the
 * ones it measures itself (and `bench/run.ts scale --large` runs 2,000/10,000
 * first).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KubeClient } from '../../src/kube/client.js';
import { applyCrds, kubeFor } from '../lib/bed.js';
import { machineInfo } from '../lib/machine.js';
import { buildOperator } from '../lib/operator.js';
import { withPrivateBed } from '../lib/private-bed.js';
import { runPoint } from './index.js';
import type { MemoryVariant, Point, StoredPoint } from './report.js';

/** The bed's one kwok node takes 500 pods; each Canary brings two (target and primary). */
const PODS_PER_NODE = 500;
const RESULTS = fileURLToPath(new URL('../results/', import.meta.url));

/** Fake nodes like the bed's own (`test/support/cluster/cluster.ts`), so every pod is scheduled. */
async function addNodes(kube: KubeClient, count: number): Promise<void> {
  const [node] = (await kube.core.listNode()).items;
  if (!node?.metadata) throw new Error('private test bed: no kwok node to copy');
  for (let i = 1; i <= count; i++) {
    const name = `kwok-node-extra-${i}`;
    await kube.core.createNode({
      body: {
        metadata: {
          name,
          annotations: node.metadata.annotations,
          labels: { ...node.metadata.labels, 'kubernetes.io/hostname': name },
        },
        status: { allocatable: node.status?.allocatable, capacity: node.status?.capacity },
      },
    });
  }
}

/**
 * Node settings compared at steady state after the restart, default first so
 * the comparison is like for like (same objects, same settling).
 */
const MEMORY_VARIANTS: MemoryVariant[] = [
  { name: 'default' },
  { name: '--max-semi-space-size=2', nodeArgs: ['--max-semi-space-size=2'] },
  { name: 'MALLOC_ARENA_MAX=2', env: { MALLOC_ARENA_MAX: '2' } },
  { name: '--optimize-for-size', nodeArgs: ['--optimize-for-size'] },
  {
    name: 'all three',
    nodeArgs: ['--max-semi-space-size=2', '--optimize-for-size'],
    env: { MALLOC_ARENA_MAX: '2' },
  },
];

/** Measures one point on a private bed and stores it in bench/results/scale-<canaries>-<flags>.json. */
export async function runLargePoint(p: Point, command: string, windowMs = 60_000): Promise<StoredPoint> {
  const started = new Date().toISOString();
  const machine = machineInfo();
  const result = await withPrivateBed(async (env) => {
    const kube = kubeFor(env);
    try {
      await applyCrds(env);
      await addNodes(kube, Math.ceil((2 * p.canaries) / PODS_PER_NODE));
      const main = await buildOperator();
      return await runPoint(env, kube, main, p, windowMs, windowMs, {
        clusterWide: true,
        memoryVariants: MEMORY_VARIANTS,
      });
    } finally {
      kube.close();
    }
  });
  const stored: StoredPoint = { command, started, machine, result };
  // Shortened windows are smoke checks of the script, not results.
  const file =
    windowMs === 60_000
      ? `${RESULTS}scale-${p.canaries}-${p.flags}.json`
      : `/tmp/fledge-bench-scale-${p.canaries}-${p.flags}.json`;
  writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`);
  console.log(`  wrote ${file}`);
  return stored;
}

/** The points stored by this script, smallest first. */
export function storedPoints(): StoredPoint[] {
  return readdirSync(RESULTS)
    .filter((f) => /^scale-\d+-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(`${RESULTS}${f}`, 'utf8')) as StoredPoint)
    .sort((a, b) => a.result.point.canaries - b.result.point.canaries);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [canaries, flags, namespaces] = process.argv.slice(2).map(Number);
  if (!canaries || !flags || !namespaces) {
    console.error('usage: tsx bench/scale/large-point.ts <canaries> <flags> <namespaces>');
    process.exit(2);
  }
  // Shorter windows only for a smoke check of the script itself; the results use the defaults.
  const windowMs = Number(process.env['FLEDGE_BENCH_WINDOW_MS'] ?? 60_000);
  const stored = await runLargePoint(
    { canaries, flags, namespaces },
    `npx tsx bench/scale/large-point.ts ${canaries} ${flags} ${namespaces}`,
    windowMs,
  );
  console.log(JSON.stringify(stored.result, null, 2));
}
