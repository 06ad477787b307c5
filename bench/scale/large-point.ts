/**
 * One larger scale point on a private bed (`npx tsx bench/scale/large-point.ts
 * <canaries> <flags> <namespaces>`): the same measurement as a point of
 * `bench/run.ts scale`, on a bed of its own so thousands of objects do not
 * load the shared one, torn down at the end. Prints the point's figures as
 * JSON; the hand-written analysis of scale.md reports them.
 */
import { writeFileSync } from 'node:fs';
import type { KubeClient } from '../../src/kube/client.js';
import { applyCrds, kubeFor } from '../lib/bed.js';
import { buildOperator } from '../lib/operator.js';
import { withPrivateBed } from '../lib/private-bed.js';
import { runPoint } from './index.js';

const [canaries, flags, namespaces] = process.argv.slice(2).map(Number);
if (!canaries || !flags || !namespaces) {
  console.error('usage: tsx bench/scale/large-point.ts <canaries> <flags> <namespaces>');
  process.exit(2);
}
/** The bed's one kwok node takes 500 pods; each Canary brings two (target and primary). */
const PODS_PER_NODE = 500;

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

const started = new Date().toISOString();
const result = await withPrivateBed(async (env) => {
  const kube = kubeFor(env);
  try {
    await applyCrds(env);
    await addNodes(kube, Math.ceil((2 * canaries) / PODS_PER_NODE));
    const main = await buildOperator();
    return await runPoint(env, kube, main, { canaries, flags, namespaces }, 60_000, 60_000);
  } finally {
    kube.close();
  }
});
const out = JSON.stringify({ started, result }, null, 2);
writeFileSync(`/tmp/fledge-bench-scale-${canaries}-${flags}.json`, out);
console.log(out);
