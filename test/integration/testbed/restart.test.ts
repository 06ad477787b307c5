/**
 * Outage helpers: the apiserver and Prometheus can be stopped and started again
 * from a test worker, on the same port and with the same data.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { isOk } from '../../support/cluster/http.js';
import { readState } from '../../support/cluster/state.js';
import { testbed } from '../../support/env.js';
import { kubectl, kubectlRun } from '../../support/kubectl.js';
import { components } from '../../support/testbed.js';

const env = testbed();
const name = `tb-restart-${randomBytes(3).toString('hex')}`;

afterAll(async () => {
  // Leave the bed whole for the next file even if an assertion failed halfway.
  await components.apiserver.start();
  await components.prometheus.start();
  await kubectlRun(['delete', 'configmap', name, '-n', 'default', '--ignore-not-found']);
});

function probeOf(component: string) {
  const c = readState()?.components.find((x) => x.name === component);
  if (!c) throw new Error(`${component} not recorded`);
  return c;
}

describe('test bed component restarts', () => {
  it('stops the apiserver and starts it again on the same port with the same etcd data', async () => {
    await kubectl(['create', 'configmap', name, '-n', 'default', '--from-literal=k=v']);
    const before = probeOf('kube-apiserver');

    await components.apiserver.stop();
    expect(components.apiserver.isRunning()).toBe(false);
    expect(await isOk(before.probe.url, before.probe.tls)).toBe(false);
    expect(
      (await kubectlRun(['get', 'configmap', name, '-n', 'default'], { timeoutMs: 10_000 })).code,
    ).not.toBe(0);

    await components.apiserver.start();
    const after = probeOf('kube-apiserver');
    expect(after.pid).not.toBe(before.pid);
    expect(after.probe.url).toBe(before.probe.url);
    expect(await kubectl(['get', 'configmap', name, '-n', 'default', '-o', 'jsonpath={.data.k}'])).toBe('v');
  });

  it('stops Prometheus and starts it again at the same URL', async () => {
    const ready = `${env.PROMETHEUS_URL}/-/ready`;
    expect(await isOk(ready)).toBe(true);
    await components.prometheus.stop();
    expect(await isOk(ready)).toBe(false);
    await components.prometheus.start();
    expect(await isOk(ready)).toBe(true);
  });
});
