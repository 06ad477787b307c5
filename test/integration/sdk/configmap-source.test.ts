import { once } from 'node:events';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FledgeClient } from '../../../src/sdk/client.js';
import { createClient } from '../../../src/sdk/client.js';
import { configMapSource } from '../../../src/sdk/sources/configmap.js';
import { testbed } from '../../support/env.js';

const flags = (variant: 'on' | 'off'): string =>
  JSON.stringify({
    flags: {
      'new-checkout': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: variant,
        targeting: { if: [{ ends_with: [{ var: 'email' }, '@company.com'] }, 'on', null] },
      },
    },
  });

let kc: KubeConfig;
let core: CoreV1Api;
const ns = `fledge-sdk-${process.pid}-${Date.now() % 100_000}`;
const name = 'fledge-flags-default';
let client: FledgeClient | undefined;

async function next<T>(c: FledgeClient, event: 'change' | 'error'): Promise<T> {
  const [value] = (await once(c, event, { signal: AbortSignal.timeout(20_000) })) as [T];
  return value;
}

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(testbed().KUBECONFIG);
  core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
  await core.createNamespacedConfigMap({
    namespace: ns,
    body: { metadata: { name }, data: { 'flags.json': flags('off') } },
  });
});

afterAll(async () => {
  await client?.close();
  await core.deleteNamespace({ name: ns }).catch(() => undefined);
});

describe('ConfigMapSource against the real apiserver', () => {
  it('loads, follows updates within a second, keeps the last good flags, survives delete and re-create', async () => {
    client = createClient({
      source: configMapSource({ name, namespace: ns, kubeConfig: kc }),
      metrics: false,
    });
    await client.ready();
    expect(client.booleanValue('new-checkout', true, { email: 'a@x.org' })).toBe(false);
    expect(client.booleanValue('new-checkout', false, { email: 'a@company.com' })).toBe(true);

    // Flip the default: measure from the write to the change event.
    let changed = next<{ flagsChanged: string[] }>(client, 'change');
    const t0 = performance.now();
    await core.replaceNamespacedConfigMap({
      name,
      namespace: ns,
      body: { metadata: { name }, data: { 'flags.json': flags('on') } },
    });
    expect((await changed).flagsChanged).toEqual(['new-checkout']);
    const latency = performance.now() - t0;
    console.error(`[sdk] ConfigMap update seen after ${latency.toFixed(0)} ms`);
    expect(client.booleanValue('new-checkout', false, { email: 'a@x.org' })).toBe(true);

    const rejected = next<Error>(client, 'error');
    await core.replaceNamespacedConfigMap({
      name,
      namespace: ns,
      body: { metadata: { name }, data: { 'flags.json': '{"flags": ' } },
    });
    expect((await rejected).message).toMatch(/new flags rejected, keeping the last good ones/);
    expect(client.booleanValue('new-checkout', false, { email: 'a@x.org' })).toBe(true);

    const deleted = next<Error>(client, 'error');
    await core.deleteNamespacedConfigMap({ name, namespace: ns });
    expect((await deleted).message).toMatch(/was deleted; keeping the last good flags/);
    expect(client.booleanValue('new-checkout', false, { email: 'a@x.org' })).toBe(true);

    changed = next(client, 'change');
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name }, data: { 'flags.json': flags('off') } },
    });
    await changed;
    expect(client.booleanValue('new-checkout', true, { email: 'a@x.org' })).toBe(false);
  });

  it('reports a ConfigMap that does not exist yet and loads it when it appears', async () => {
    const late = 'fledge-flags-late';
    const c = createClient({
      source: configMapSource({ name: late, namespace: ns, kubeConfig: kc }),
      metrics: false,
    });
    try {
      const err = await next<Error>(c, 'error');
      expect(err.message).toBe(`configmap:${ns}/${late}: not found; waiting for it to be created`);
      await core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: late }, data: { 'flags.json': flags('on') } },
      });
      await c.ready();
      expect(c.booleanValue('new-checkout', false)).toBe(true);
    } finally {
      await c.close();
    }
  });
});
