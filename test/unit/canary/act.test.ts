/**
 * act against in-memory fakes of its ports (ResourceClients over Maps, a
 * Router in memory, the real EventRecorder on a fake client, a webhook
 * caller that records): each action kind applied twice converges to the same
 * state, a failing action stops the ones after it and names itself, and the
 * status is written on the freshest copy of the Canary.
 */
import { describe, expect, it } from 'vitest';
import type { CanaryStatus } from '../../../src/api/canary-status.js';
import { act, CANARY_FINALIZER, type ActDeps, type CanaryObject } from '../../../src/canary/act.js';
import type { Hpa } from '../../../src/canary/act-workloads.js';
import type { ConfigObject } from '../../../src/canary/observe.js';
import { REVISION_ANNOTATION, type Deployment, type Service } from '../../../src/canary/resources.js';
import type { Action, Decision, Observed } from '../../../src/canary/types.js';
import { EventRecorder, type KubeEvent } from '../../../src/kube/events.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { FakeClock } from '../kube/fake-clock.js';
import { canary as canaryOf, world } from './builders.js';
import { FakeClient, FakeRouter, targetDeployment } from './fakes.js';

const log = silentLogger();

function setup(options: { annotations?: Record<string, string> } = {}) {
  const base = canaryOf({ phase: 'Progressing', canaryWeight: 10 });
  const canary: CanaryObject = {
    ...base,
    spec: {
      ...base.spec,
      analysis: {
        ...base.spec.analysis,
        webhooks: [{ name: 'notify', type: 'event', url: 'http://hooks.example/notify' }],
      },
    },
    metadata: {
      ...base.metadata,
      uid: 'uid-canary',
      resourceVersion: '1',
      finalizers: [CANARY_FINALIZER],
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
  };
  const canaries = new FakeClient<CanaryObject>({ kind: 'Canary', plural: 'canaries' }, [canary]);
  const deployments = new FakeClient<Deployment>({ kind: 'Deployment', plural: 'deployments' }, [
    targetDeployment('checkout'),
  ]);
  const services = new FakeClient<Service>({ kind: 'Service', plural: 'services' });
  const configMaps = new FakeClient<ConfigObject>({ kind: 'ConfigMap', plural: 'configmaps' }, [
    { metadata: { name: 'settings', namespace: 'shop' }, data: { color: 'blue' } },
  ]);
  const secrets = new FakeClient<ConfigObject>({ kind: 'Secret', plural: 'secrets' });
  const hpas = new FakeClient<Hpa>({ kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers' });
  const eventClient = new FakeClient<KubeEvent>({ kind: 'Event', plural: 'events' });
  const router = new FakeRouter();
  const hooks: string[] = [];
  const deps: ActDeps = {
    canaries: canaries.asClient(),
    deployments: deployments.asClient(),
    services: services.asClient(),
    configMaps: configMaps.asClient(),
    secrets: secrets.asClient(),
    hpas: hpas.asClient(),
    router,
    events: new EventRecorder(eventClient.asClient(), {
      controller: 'fledge.dev/canary',
      instance: 'test',
      logger: log,
      clock: new FakeClock(),
    }),
    callWebhook: ({ hook, message }) => {
      hooks.push(`${hook.name}: ${message ?? ''}`);
      return Promise.resolve({ allowed: true });
    },
  };
  /** The Canary as the informer would hand it over: the latest stored copy. */
  const fresh = () => structuredClone(canaries.item('shop', 'checkout') as CanaryObject);
  const observed: Observed = { ...world(canary), trackedConfigs: { 'configmap/settings': 'h1' } };
  const run = (actions: Action[], status: CanaryStatus = fresh().status ?? {}) => {
    const decision: Decision = { status, actions };
    return act(fresh(), observed, decision, deps, log);
  };
  return { canaries, deployments, services, configMaps, eventClient, router, hooks, deps, fresh, run };
}

type Env = ReturnType<typeof setup>;

/** Every stored object without resourceVersions: what "the same state" means. */
function state(env: Env): unknown {
  const strip = (m: Map<string, { metadata?: { resourceVersion?: string } }>) =>
    [...m.entries()].map(([k, v]) => [k, { ...v, metadata: { ...v.metadata, resourceVersion: undefined } }]);
  return {
    canaries: strip(env.canaries.objects),
    deployments: strip(env.deployments.objects),
    services: strip(env.services.objects),
    configMaps: strip(env.configMaps.objects),
    routes: env.router.routes,
  };
}

describe('act: each action twice is the same as once', () => {
  it.each<[string, Action[], (env: Env) => void]>([
    [
      'bootstrap creates the primary, the three Services and the routes',
      [{ kind: 'bootstrap', revision: 'rev-1' }],
      (env) => {
        const primary = env.deployments.item('shop', 'checkout-primary');
        expect(primary?.metadata?.annotations?.[REVISION_ANNOTATION]).toBe('rev-1');
        expect(primary?.spec?.selector.matchLabels).toEqual({ app: 'checkout-primary' });
        expect([...env.services.objects.keys()].sort()).toEqual([
          'shop/checkout',
          'shop/checkout-canary',
          'shop/checkout-primary',
        ]);
        expect(env.router.routes).toMatchObject({ exists: true, primary: 100, canary: 0 });
      },
    ],
    [
      'setRoutes writes the weights',
      [{ kind: 'setRoutes', primary: 80, canary: 20 }],
      (env) => expect(env.router.routes).toEqual({ exists: true, primary: 80, canary: 20, match: false }),
    ],
    [
      'scaleTarget 0 remembers the replicas it had',
      [{ kind: 'scaleTarget', replicas: 0 }],
      (env) => {
        const t = env.deployments.item('shop', 'checkout');
        expect(t?.spec?.replicas).toBe(0);
        expect(t?.metadata?.annotations?.['fledge.dev/last-replicas']).toBe('2');
      },
    ],
    [
      'scaleTarget restore brings them back',
      [
        { kind: 'scaleTarget', replicas: 0 },
        { kind: 'scaleTarget', replicas: 'restore' },
      ],
      (env) => expect(env.deployments.item('shop', 'checkout')?.spec?.replicas).toBe(2),
    ],
    [
      'copyTrackedConfigs writes -primary copies owned by the Canary',
      [{ kind: 'copyTrackedConfigs' }],
      (env) => {
        const copy = env.configMaps.item('shop', 'settings-primary');
        expect(copy?.data).toEqual({ color: 'blue' });
        expect(copy?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Canary', uid: 'uid-canary' });
      },
    ],
    [
      'promoteTemplate copies the target template and stamps the revision',
      [
        { kind: 'bootstrap', revision: 'rev-1' },
        { kind: 'promoteTemplate', revision: 'rev-2' },
      ],
      (env) => {
        const primary = env.deployments.item('shop', 'checkout-primary');
        expect(primary?.metadata?.annotations?.[REVISION_ANNOTATION]).toBe('rev-2');
        expect(primary?.spec?.template.metadata?.labels).toEqual({ app: 'checkout-primary' });
      },
    ],
    [
      'clearAnnotation removes a handled command',
      [{ kind: 'clearAnnotation', annotation: 'fledge.dev/promote' }],
      (env) => expect(env.canaries.item('shop', 'checkout')?.metadata?.annotations).toEqual({}),
    ],
  ])('%s', async (_n, actions, expectations) => {
    const env = setup({ annotations: { 'fledge.dev/promote': 'true' } });
    await env.run(actions);
    expectations(env);
    const once = state(env);
    await env.run(actions);
    expectations(env);
    expect(state(env)).toEqual(once);
  });

  it('event: recorded once, a repeat counted in the series, forwarded to event webhooks', async () => {
    const env = setup();
    const e: Action = {
      kind: 'event',
      type: 'Warning',
      reason: 'InvalidQuery',
      message: 'Canary shop/checkout: x',
    };
    await env.run([e]);
    await env.run([e]);
    const events = [...env.eventClient.objects.values()];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reason: 'InvalidQuery', type: 'Warning', series: { count: 2 } });
    expect(env.hooks).toEqual(['notify: Canary shop/checkout: x', 'notify: Canary shop/checkout: x']);
  });

  it('callWebhook posts the named hook each time; an unknown name posts nothing', async () => {
    const env = setup();
    const call: Action = { kind: 'callWebhook', hook: 'notify', type: 'event', message: 'promoted' };
    await env.run([call, { ...call, hook: 'gone' }]);
    await env.run([call]);
    expect(env.hooks).toEqual(['notify: promoted', 'notify: promoted']);
  });

  it('finalize hands the routes back and removes the finalizer; no status write', async () => {
    const env = setup();
    const r = await env.run([{ kind: 'finalize' }], { phase: 'Terminating' });
    expect(r.canary).toBeUndefined();
    expect(env.router.calls).toEqual(['finalize checkout']);
    expect(env.canaries.item('shop', 'checkout')?.metadata?.finalizers).toEqual([]);
    expect(env.canaries.calls.filter((c) => c.startsWith('replaceStatus'))).toEqual([]);
  });
});

describe('act: failures and status', () => {
  it('a failing action stops the later ones, writes no status and names itself', async () => {
    const env = setup();
    env.router.fail.setRoutes = new Error('admission webhook denied the request');
    await expect(
      env.run(
        [
          { kind: 'setRoutes', primary: 100, canary: 0 },
          { kind: 'scaleTarget', replicas: 0 },
        ],
        { phase: 'Succeeded' },
      ),
    ).rejects.toThrow('Canary shop/checkout: setRoutes: admission webhook denied the request');
    expect(env.deployments.item('shop', 'checkout')?.spec?.replicas).toBe(2);
    expect(env.deployments.calls.filter((c) => c.startsWith('patch'))).toEqual([]);
    expect(env.canaries.item('shop', 'checkout')?.status?.phase).toBe('Progressing');
  });

  it('an API error of a workload action keeps its cause', async () => {
    const env = setup();
    env.deployments.failOn = { verb: 'get', error: new Error('connection reset') };
    const err = await env.run([{ kind: 'scaleTarget', replicas: 0 }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('Canary shop/checkout: scaleTarget: connection reset');
    expect((err as Error).cause).toBe(env.deployments.failOn.error);
  });

  it('status is written on the freshest object: after an action changed the Canary, nothing is lost', async () => {
    const env = setup({ annotations: { 'fledge.dev/promote': 'true', keep: 'me' } });
    const stale = env.fresh();
    const r = await act(
      stale,
      world(stale),
      {
        status: { phase: 'Promoting', canaryWeight: 50 },
        actions: [{ kind: 'clearAnnotation', annotation: 'fledge.dev/promote' }],
      },
      env.deps,
      log,
    );
    const stored = env.canaries.item('shop', 'checkout');
    expect(stored?.status).toEqual({ phase: 'Promoting', canaryWeight: 50 });
    expect(stored?.metadata?.annotations).toEqual({ keep: 'me' });
    // The first write used the stale copy, met 409, re-read and wrote again.
    expect(env.canaries.calls).toEqual([
      'patch shop/checkout',
      'replaceStatus shop/checkout',
      'get shop/checkout',
      'replaceStatus shop/checkout',
    ]);
    expect(r.canary?.metadata?.resourceVersion).toBe(stored?.metadata?.resourceVersion);
  });

  it('nothing to change → no status write at all', async () => {
    const env = setup();
    await env.run([]);
    expect(env.canaries.calls).toEqual([]);
  });
});
