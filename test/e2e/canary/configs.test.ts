/**
 * Tracked configs (issue #4): a Canary whose target mounts a ConfigMap (env
 * and volume) or a Secret runs its primary on `-primary` copies, and a change
 * of only the config's data starts a rollout at once, through the informers
 * (no poll): the measured delay is logged, the bound is generous. Every object
 * Fledge generated carries the GitOps labels (issue #6).
 */
import type { V1PodSpec } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import {
  apply,
  bed,
  canary,
  createNamespace,
  phaseIs,
  replicas,
  startFledge,
  teardown,
  until,
  vsWeights,
  type Fledge,
} from './support.js';

const { mesh } = bed();
let ns: string;
let fledge: Fledge;

beforeAll(async () => {
  ns = await createNamespace('canary-configs');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await mesh.stopTraffic(ns, 'podinfo').catch(() => undefined);
  await teardown(ns, fledge);
});

/** A Deployment reading `settings` as env and as a volume, or `creds` as env. */
function consumer(name: string, from: 'configmap' | 'secret'): unknown {
  const env =
    from === 'configmap'
      ? { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'settings', key: 'color' } } }
      : { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'ghcr.io/stefanprodan/podinfo:6.0.0',
              ports: [{ name: 'http', containerPort: 9898 }],
              env: [env],
              ...(from === 'configmap' ? { volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }] } : {}),
            },
          ],
          ...(from === 'configmap' ? { volumes: [{ name: 'cfg', configMap: { name: 'settings' } }] } : {}),
        },
      },
    },
  };
}

const configMap = (color: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: ns },
  data: { color },
});

interface Obj {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  type?: string;
  spec?: { template: { spec: V1PodSpec } };
}

async function get(kind: string, name: string): Promise<Obj> {
  return JSON.parse(await kubectl(['-n', ns, 'get', kind, name, '-o', 'json'])) as Obj;
}

/** The measured delay goes to the test output (the bound asserted is generous on this machine). */
const report = (what: string, ms: number): void => void process.stdout.write(`${what} in ${ms} ms\n`);

const MANAGED = { 'app.kubernetes.io/managed-by': 'fledge', 'fledge.dev/canary': 'podinfo' };

/** Changes a config and returns how long Fledge took to start the rollout (Progressing, target scaled up). */
async function timeToRollout(name: string, change: () => Promise<void>): Promise<number> {
  const start = Date.now();
  await change();
  await until(
    async () => (await phaseIs(ns, name, 'Progressing')) && (await replicas(ns, name)) > 0,
    30_000,
    `${name} Progressing with its target scaled up`,
  );
  return Date.now() - start;
}

describe('a ConfigMap the target references', () => {
  it('runs the primary on a -primary copy and rolls out a data change at once', async () => {
    await apply(configMap('blue'));
    await apply(consumer('podinfo', 'configmap'));
    await apply(canary(ns, 'podinfo', { stepWeight: 50, maxWeight: 50 }));
    await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');

    const copy = await get('configmap', 'settings-primary');
    expect(copy.data).toEqual({ color: 'blue' });
    expect(copy.metadata.labels).toMatchObject(MANAGED);
    const primary = await get('deployment', 'podinfo-primary');
    const spec = primary.spec?.template.spec;
    expect(spec?.containers[0]?.env?.[0]?.valueFrom?.configMapKeyRef?.name).toBe('settings-primary');
    expect(spec?.volumes?.[0]?.configMap?.name).toBe('settings-primary');
    // Issue #6: everything generated for the Canary says so.
    expect(primary.metadata.labels).toMatchObject(MANAGED);
    expect(primary.metadata.annotations).toMatchObject({
      'argocd.argoproj.io/compare-options': 'IgnoreExtraneous',
    });
    for (const [kind, name] of [
      ['service', 'podinfo'],
      ['service', 'podinfo-primary'],
      ['service', 'podinfo-canary'],
      ['virtualservice', 'podinfo'],
      ['destinationrule', 'podinfo-primary'],
      ['destinationrule', 'podinfo-canary'],
    ] as const) {
      expect((await get(kind, name)).metadata.labels, `${kind}/${name}`).toMatchObject(MANAGED);
    }

    await mesh.setTraffic(ns, 'podinfo', { rps: 100 });
    const took = await timeToRollout('podinfo', () => apply(configMap('green')));
    report('ConfigMap change → rollout started', took);
    expect(took).toBeLessThan(10_000);
    // The primary keeps the old content while the canary is judged.
    expect((await get('configmap', 'settings-primary')).data).toEqual({ color: 'blue' });

    await until(() => phaseIs(ns, 'podinfo', 'Succeeded', 'Failed'), 60_000, 'Succeeded');
    expect((await phaseIs(ns, 'podinfo', 'Succeeded'))?.status?.phase, fledge.story()).toBe('Succeeded');
    expect((await get('configmap', 'settings-primary')).data).toEqual({ color: 'green' });
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
    expect(await replicas(ns, 'podinfo')).toBe(0);
  });
});

describe('a Secret the target references', () => {
  it('gets a -primary copy, and a change of its data starts a rollout at once', async () => {
    const secret = (token: string) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: ns },
      type: 'Opaque',
      stringData: { token },
    });
    await apply(secret('one'));
    await apply(consumer('vault', 'secret'));
    await apply(canary(ns, 'vault', { stepWeight: 50, maxWeight: 50 }));
    await until(() => phaseIs(ns, 'vault', 'Initialized'), 60_000, 'vault Initialized');
    const copy = await get('secret', 'creds-primary');
    expect(Buffer.from(copy.data?.['token'] ?? '', 'base64').toString()).toBe('one');
    expect(copy.type).toBe('Opaque');
    expect(copy.metadata.labels).toMatchObject({ ...MANAGED, 'fledge.dev/canary': 'vault' });
    const primary = await get('deployment', 'vault-primary');
    expect(primary.spec?.template.spec.containers[0]?.env?.[0]?.valueFrom?.secretKeyRef?.name).toBe(
      'creds-primary',
    );

    const took = await timeToRollout('vault', () => apply(secret('two')));
    report('Secret change → rollout started', took);
    expect(took).toBeLessThan(10_000);
  });
});
