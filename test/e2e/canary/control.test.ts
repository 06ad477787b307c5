/**
 * Scenario 7: a new revision mid-rollout restarts the analysis; a manual
 * abort rolls back; a `confirm-promotion` gate holds until it opens.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import {
  apply,
  bed,
  canary,
  condition,
  createNamespace,
  teardown,
  deployment,
  events,
  getCanary,
  image,
  phaseIs,
  setImage,
  sleep,
  startFledge,
  until,
  vsWeights,
  type Fledge,
} from './support.js';

const { mesh } = bed();
let ns: string;
let fledge: Fledge;
let gate: Server;
let gateOpen = false;
let gateCalls = 0;

beforeAll(async () => {
  ns = await createNamespace('canary-control');
  fledge = startFledge(ns);
  gate = createServer((_req, res) => {
    gateCalls++;
    res.writeHead(gateOpen ? 200 : 403).end();
  });
  await new Promise<void>((r) => gate.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  gate.close();
  for (const vs of ['restart', 'abort', 'gated']) await mesh.stopTraffic(ns, vs).catch(() => undefined);
  await teardown(ns, fledge);
});

async function initialized(name: string, analysis: Record<string, unknown> = {}): Promise<void> {
  await apply(deployment(ns, name, 'ghcr.io/stefanprodan/podinfo:6.0.0'));
  await apply(canary(ns, name, analysis));
  await until(() => phaseIs(ns, name, 'Initialized'), 60_000, `${name} Initialized`);
  await mesh.setTraffic(ns, name, { rps: 100 });
}

describe('control during a rollout', () => {
  it('restarts the analysis when a new revision arrives mid-rollout, and promotes the newest', async () => {
    await initialized('restart', { maxWeight: 30 });
    await setImage(ns, 'restart', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    await until(async () => ((await vsWeights(ns, 'restart'))?.[1] ?? 0) >= 20, 40_000, 'weight 20');
    await setImage(ns, 'restart', 'ghcr.io/stefanprodan/podinfo:6.0.2');
    await until(async () => ((await vsWeights(ns, 'restart'))?.[1] ?? 100) <= 10, 10_000, 'weight reset');
    const done = await until(() => phaseIs(ns, 'restart', 'Succeeded', 'Failed'), 90_000, 'Succeeded');
    expect(done.status?.phase, fledge.story()).toBe('Succeeded');
    expect(await image(ns, 'restart-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.2');
    expect((await events(ns)).some((e) => e.includes('new revision during analysis, restarting'))).toBe(true);
  });

  it('rolls back on fledge.dev/abort and clears the annotation', async () => {
    await initialized('abort');
    await setImage(ns, 'abort', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    await until(async () => ((await vsWeights(ns, 'abort'))?.[1] ?? 0) >= 10, 40_000, 'first step');
    await kubectl(['-n', ns, 'annotate', 'canary', 'abort', 'fledge.dev/abort=true']);
    const failed = await until(() => phaseIs(ns, 'abort', 'Failed'), 20_000, 'Failed');
    expect(condition(failed, 'Promoted')?.reason).toBe('Aborted');
    expect(await vsWeights(ns, 'abort')).toEqual([100, 0]);
    expect(await image(ns, 'abort-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.0');
    await until(
      async () => !('fledge.dev/abort' in ((await getCanary(ns, 'abort')).metadata.annotations ?? {})),
      10_000,
      'annotation cleared',
    );
  });

  it('holds in WaitingPromotion while confirm-promotion says no, then promotes', async () => {
    const url = `http://127.0.0.1:${(gate.address() as AddressInfo).port}/approve`;
    await initialized('gated', {
      maxWeight: 20,
      webhooks: [{ name: 'approve', type: 'confirm-promotion', url, timeout: '2s' }],
    });
    await setImage(ns, 'gated', 'ghcr.io/stefanprodan/podinfo:6.0.1');
    await until(() => phaseIs(ns, 'gated', 'WaitingPromotion'), 60_000, 'WaitingPromotion');
    const calls = gateCalls;
    await sleep(8000);
    expect((await getCanary(ns, 'gated')).status?.phase).toBe('WaitingPromotion');
    expect(gateCalls).toBeGreaterThan(calls);
    expect(await image(ns, 'gated-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.0');
    gateOpen = true;
    const done = await until(() => phaseIs(ns, 'gated', 'Succeeded', 'Failed'), 40_000, 'Succeeded');
    expect(done.status?.phase, fledge.story()).toBe('Succeeded');
    expect(await image(ns, 'gated-primary')).toBe('ghcr.io/stefanprodan/podinfo:6.0.1');
  });
});
