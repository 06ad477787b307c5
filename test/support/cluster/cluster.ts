/**
 * The Kubernetes half of the bed, all real components on loopback: etcd and
 * kube-apiserver first (`startControlPlane`), then, while the caller does other
 * work, kube-controller-manager, kube-scheduler, kwok and one kwok node
 * (`startNodeSide`) and Istio's CRDs (`applyIstioCrds`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kubectl, kubectlRun } from '../kubectl.js';
import type { Artifacts } from './build.js';
import { makePki } from './certs.js';
import { writeKubeconfig } from './kubeconfig.js';
import type { LaunchContext } from './launches.js';
import {
  apiserverLaunch,
  controllerManagerLaunch,
  etcdLaunch,
  kwokLaunch,
  schedulerLaunch,
  serviceIp,
} from './launches.js';
import { settleAll, startComponent } from './start.js';
import type { ComponentState, Probe } from './state.js';

export const kwokNodeName = 'kwok-node-0';

export interface ControlPlane {
  ctx: LaunchContext;
  server: string;
  adminKubeconfig: string;
  userKubeconfig: string;
  controllerManagerKubeconfig: string;
  schedulerKubeconfig: string;
  apiserverProbe: Probe;
}

type OnSpawned = (c: ComponentState) => Promise<void>;

export async function startControlPlane(
  dir: string,
  art: Artifacts,
  onSpawned: OnSpawned,
): Promise<ControlPlane> {
  await Promise.all(['logs', 'kubeconfig', 'kwok-home'].map((d) => mkdir(join(dir, d), { recursive: true })));
  const ctx: LaunchContext = {
    dir,
    art,
    pki: await makePki(join(dir, 'pki'), serviceIp, art.bin('fledge-pki')),
  };
  const etcd = await startComponent(
    'etcd',
    2,
    ([client, peer]) => etcdLaunch(ctx, client!, peer!),
    onSpawned,
  );
  const etcdUrl = etcd.probe.url.replace(/\/health$/, '');
  const apiserver = await startComponent(
    'kube-apiserver',
    1,
    ([p]) => apiserverLaunch(ctx, etcdUrl, p!),
    onSpawned,
    120_000,
  );
  const server = apiserver.probe.url.replace(/\/readyz$/, '');

  const kubeconfig = (
    file: string,
    id: Parameters<typeof ctx.pki.client>[0],
    user: string,
  ): Promise<string> =>
    writeKubeconfig({
      file: join(dir, 'kubeconfig', `${file}.yaml`),
      server,
      ca: ctx.pki.ca,
      ...ctx.pki.client(id),
      user,
    });
  return {
    ctx,
    server,
    apiserverProbe: apiserver.probe,
    adminKubeconfig: await kubeconfig('admin', 'admin', 'fledge-admin'),
    userKubeconfig: await kubeconfig('unprivileged', 'user', 'fledge-test-user'),
    controllerManagerKubeconfig: await kubeconfig(
      'controller-manager',
      'controller-manager',
      'system:kube-controller-manager',
    ),
    schedulerKubeconfig: await kubeconfig('scheduler', 'scheduler', 'system:kube-scheduler'),
  };
}

/** Controllers, scheduler, kwok and its node; returns once pods can be created and scheduled. */
export async function startNodeSide(cp: ControlPlane, onSpawned: OnSpawned): Promise<void> {
  const { ctx } = cp;
  await settleAll([
    startComponent(
      'kube-controller-manager',
      1,
      ([p]) => controllerManagerLaunch(ctx, cp.controllerManagerKubeconfig, p!),
      onSpawned,
    ),
    startComponent('kube-scheduler', 1, ([p]) => schedulerLaunch(ctx, cp.schedulerKubeconfig, p!), onSpawned),
    startComponent('kwok', 1, ([p]) => kwokLaunch(ctx, cp.adminKubeconfig, p!), onSpawned),
    kubectl(['apply', '-f', await writeNodeManifest(ctx.dir)], { kubeconfig: cp.adminKubeconfig }),
  ]);
  const opts = { kubeconfig: cp.adminKubeconfig };
  await kubectl(['wait', '--for=condition=Ready', `node/${kwokNodeName}`, '--timeout=60s'], opts);
  // Pods can only be created once the namespace's default ServiceAccount exists.
  const deadline = Date.now() + 60_000;
  for (const ns of ['kube-system', 'default']) {
    while ((await kubectlRun(['get', 'serviceaccount', 'default', '-n', ns], opts)).code !== 0) {
      if (Date.now() > deadline) throw new Error(`serviceaccount ${ns}/default not created within 60s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Applies the CRD bundle from istio.io/api (all of networking, security, telemetry, …) and waits Established. */
export async function applyIstioCrds(cp: ControlPlane): Promise<void> {
  const opts = { kubeconfig: cp.adminKubeconfig };
  // Server-side: the CRDs are too large for the last-applied annotation.
  await kubectl(['apply', '--server-side', '--force-conflicts', '-f', cp.ctx.art.istioCrds], opts);
  await kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=60s'], opts);
}

const nodeManifest = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: kwokNodeName,
    annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
    labels: {
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/hostname': kwokNodeName,
      'node-role.kubernetes.io/agent': '',
      type: 'kwok',
    },
  },
  // No taint: tests apply ordinary Deployments that carry no kwok toleration.
  status: {
    allocatable: { cpu: '32', memory: '256Gi', pods: '500' },
    capacity: { cpu: '32', memory: '256Gi', pods: '500' },
  },
};

async function writeNodeManifest(dir: string): Promise<string> {
  const file = join(dir, 'kwok-node.json');
  await writeFile(file, JSON.stringify(nodeManifest));
  return file;
}
