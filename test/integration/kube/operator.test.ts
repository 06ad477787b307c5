import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalError } from '../../../src/api/errors.js';
import { parseConfig } from '../../../src/config.js';
import type { KubeClient } from '../../../src/kube/client.js';
import { Controller } from '../../../src/kube/controller.js';
import type { KubeEvent } from '../../../src/kube/events.js';
import type { ControllerFactory } from '../../../src/kube/manager.js';
import { splitKey } from '../../../src/kube/object-cache.js';
import { kinds } from '../../../src/kube/resource-kind.js';
import { startOperator } from '../../../src/main.js';
import { fledgeVersion } from '../../../src/observability/build-info.js';
import { silentLogger } from '../../../src/observability/logger.js';
import {
  bedClient,
  bedKubeconfig,
  configMaps,
  createNamespace,
  deleteNamespace,
  eventually,
  type ConfigMap,
} from './bed.js';

let client: KubeClient;
let ns: string;

beforeAll(async () => {
  client = bedClient();
  ns = await createNamespace(client, 'operator');
});

afterAll(async () => {
  await deleteNamespace(client, ns);
  client.close();
});

/** A tiny controller on the runtime: copies data.v of labelled ConfigMaps into an annotation. */
const echoController: ControllerFactory = (ctx) => {
  const cms = ctx.informers.informerFor<ConfigMap>(kinds.configMap, { labelSelector: 'app=echo' });
  const api = ctx.client.resources<ConfigMap>(kinds.configMap);
  const controller = new Controller({
    name: 'echo',
    kind: 'ConfigMap',
    logger: ctx.logger,
    metrics: ctx.metrics,
    reconcile: async (key) => {
      const { namespace, name } = splitKey(key);
      const cm = cms.get(namespace, name);
      if (!cm) return;
      const v = cm.data?.v ?? '';
      if (v === 'bad')
        throw new TerminalError('InvalidValue', 'data.v: "bad" is not allowed', {
          resource: { kind: 'ConfigMap', namespace, name },
        });
      if (cm.metadata?.annotations?.['fledge.dev/echo'] !== v) {
        await api.patch(namespace, name, { metadata: { annotations: { 'fledge.dev/echo': v } } });
      }
    },
    onTerminalError: (key, err) => {
      const { namespace, name } = splitKey(key);
      const cm = cms.get(namespace, name);
      if (cm)
        return ctx.events.record(
          { apiVersion: 'v1', kind: 'ConfigMap', ...cm },
          'Warning',
          err.reason,
          err.message,
        );
    },
  });
  return controller.watch(cms);
};

describe('startOperator with a registered controller, on the real apiserver', () => {
  it('syncs, reconciles, reports terminal errors as Events, exposes metrics and readiness, and stops cleanly', async () => {
    const cms = configMaps(client);
    await cms.create({
      metadata: { name: 'before', namespace: ns, labels: { app: 'echo' } },
      data: { v: '1' },
    });
    const config = parseConfig(
      ['--kubeconfig', bedKubeconfig(), '-n', ns, '--metrics-addr', '127.0.0.1:0'],
      {},
    );
    const op = await startOperator(config, { factories: [echoController], logger: silentLogger() });
    try {
      const base = `http://${op.metricsAddress}`;
      await eventually(async () => (await fetch(`${base}/readyz`)).status === 200, 30_000, 'readiness');
      await eventually(
        async () => (await cms.get(ns, 'before')).metadata?.annotations?.['fledge.dev/echo'] === '1',
        15_000,
        'the first reconcile',
      );
      await cms.create({
        metadata: { name: 'after', namespace: ns, labels: { app: 'echo' } },
        data: { v: 'x' },
      });
      await cms.patch(ns, 'before', { data: { v: '2' } });
      await eventually(
        async () => (await cms.get(ns, 'after')).metadata?.annotations?.['fledge.dev/echo'] === 'x',
        15_000,
        'a new object',
      );
      await eventually(
        async () => (await cms.get(ns, 'before')).metadata?.annotations?.['fledge.dev/echo'] === '2',
        15_000,
        'an update',
      );

      await cms.create({
        metadata: { name: 'broken', namespace: ns, labels: { app: 'echo' } },
        data: { v: 'bad' },
      });
      const event = await eventually(
        async () =>
          (await client.resources<KubeEvent>(kinds.event).list(ns)).items.find(
            (e) => e.regarding.name === 'broken',
          ),
        15_000,
        'the Warning Event',
      );
      expect(event).toMatchObject({
        type: 'Warning',
        reason: 'InvalidValue',
        note: `ConfigMap ${ns}/broken: data.v: "bad" is not allowed`,
      });

      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/fledge_reconcile_total\{controller="echo",result="success"\} [1-9]/);
      expect(metrics).toMatch(/fledge_reconcile_total\{controller="echo",result="terminal"\} 1/);
      expect(metrics).toMatch(/fledge_workqueue_adds_total\{name="echo"\} [1-9]/);
      expect(metrics).toContain(`fledge_build_info{version="${fledgeVersion()}"`);
    } finally {
      await op.stop();
    }
    expect(await op.exited).toBe(0);
  });
});
