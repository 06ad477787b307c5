import { describe, expect, it } from 'vitest';
import {
  adoptionAnnotations,
  desiredDestinationRule,
  desiredHosts,
  mergeVirtualService,
  newVirtualService,
  virtualServiceDiffers,
} from '../../../src/routing/istio-desired.js';
import { readRoutes } from '../../../src/routing/istio-routes.js';
import type { HttpRoute } from '../../../src/routing/istio-types.js';
import { canary, names, vs, weighted } from './fixtures.js';

const owner = {
  apiVersion: 'fledge.dev/v1alpha1',
  kind: 'Canary',
  name: 'podinfo',
  uid: 'uid-1',
  controller: true,
};

/** What marks an object Fledge generated (GitOps tools skip it; see docs/gitops.md). */
const managed = { 'app.kubernetes.io/managed-by': 'fledge', 'fledge.dev/canary': 'podinfo' };
const argo = {
  'argocd.argoproj.io/compare-options': 'IgnoreExtraneous',
  'argocd.argoproj.io/sync-options': 'Prune=false',
};

describe('newVirtualService', () => {
  it('is labelled as managed by Fledge for its Canary', () => {
    const v = newVirtualService(canary({}), names, owner);
    expect(v.metadata?.labels).toEqual(managed);
    expect(v.metadata?.annotations).toEqual(argo);
  });

  it('routes 100 % to primary with the spec fields', () => {
    const c = canary({
      timeout: '1m30s',
      retries: { attempts: 3, perTryTimeout: '500ms', retryOn: 'gateway-error' },
      match: [{ uri: { prefix: '/api' } }],
      headers: { request: { set: { 'x-fledge': 'yes' } } },
      corsPolicy: { allowOrigins: [{ exact: 'https://example.com' }] },
    });
    const v = newVirtualService(c, names, owner);
    expect(v.metadata).toMatchObject({ name: 'podinfo', namespace: 'shop', ownerReferences: [owner] });
    expect(v.spec?.hosts).toEqual(['podinfo', 'podinfo.example.com']);
    expect(v.spec?.gateways).toEqual(['mesh']);
    expect(v.spec?.http?.[0]).toMatchObject({
      name: 'fledge-weighted',
      timeout: '90s',
      retries: { attempts: 3, perTryTimeout: '0.5s', retryOn: 'gateway-error' },
      match: [{ uri: { prefix: '/api' } }],
      headers: { request: { set: { 'x-fledge': 'yes' } } },
      corsPolicy: { allowOrigins: [{ exact: 'https://example.com' }] },
    });
    expect(readRoutes(v, names)).toMatchObject({ primary: 100, canary: 0 });
  });

  it('does not repeat the apex host', () => {
    expect(desiredHosts(canary({ hosts: ['podinfo', 'a.example.com'] }), names)).toEqual([
      'podinfo',
      'a.example.com',
    ]);
  });
});

describe('mergeVirtualService (owned)', () => {
  const c = canary({ retries: { attempts: 2 } });
  const existing = newVirtualService(c, names, owner);

  it('a resync keeps the weights, A/B route and mirror in flight', () => {
    const inFlight = vs(
      [
        {
          name: 'fledge-ab',
          match: [{ headers: { x: { exact: 'y' } } }],
          route: [{ destination: { host: 'podinfo-canary' }, weight: 100 }],
          retries: { attempts: 2 },
        },
        {
          ...weighted(70, 30, { retries: { attempts: 2 } }),
          mirror: { host: 'podinfo-canary' },
          mirrorPercentage: { value: 10 },
        },
      ],
      ['podinfo', 'podinfo.example.com'],
    );
    inFlight.spec = { ...inFlight.spec, gateways: ['mesh'] };
    const merged = mergeVirtualService(inFlight, c, names, false);
    expect(merged && readRoutes(merged, names)).toMatchObject({
      primary: 70,
      canary: 30,
      match: true,
      mirrorWeight: 10,
    });
    expect(merged && virtualServiceDiffers(inFlight, merged)).toBe(false);
  });

  it('repairs drift in owned fields without touching weights', () => {
    const drifted = vs([weighted(60, 40, { retries: { attempts: 9 }, timeout: '5s' })], ['stale']);
    const merged = mergeVirtualService(drifted, c, names, false);
    expect(merged && virtualServiceDiffers(drifted, merged)).toBe(true);
    expect(merged?.spec?.hosts).toEqual(['podinfo', 'podinfo.example.com']);
    expect(merged?.spec?.http?.[0]).toMatchObject({ retries: { attempts: 2 } });
    expect(merged?.spec?.http?.[0]?.timeout).toBeUndefined();
    expect(merged && readRoutes(merged, names)).toMatchObject({ primary: 60, canary: 40 });
  });

  it('keeps routes and fields Fledge does not own', () => {
    const user: HttpRoute = { name: 'other', route: [{ destination: { host: 'x' } }] };
    const withUser = {
      ...existing,
      spec: {
        ...existing.spec,
        http: [user, { ...weighted(100, 0), fault: { abort: { httpStatus: 500 } } }],
      },
    };
    const merged = mergeVirtualService(withUser, c, names, false);
    expect(merged?.spec?.http?.[0]).toEqual(user);
    expect(merged?.spec?.http?.[1]).toMatchObject({
      fault: { abort: { httpStatus: 500 } },
      retries: { attempts: 2 },
    });
  });
});

describe('mergeVirtualService (adopted)', () => {
  const userVs = vs(
    [
      { name: 'admin', match: [{ uri: { prefix: '/admin' } }], route: [{ destination: { host: 'admin' } }] },
      {
        name: 'main',
        retries: { attempts: 7 },
        fault: { delay: { fixedDelay: '2s', percentage: { value: 1 } } },
        route: [{ destination: { host: 'podinfo' } }],
      },
    ],
    ['podinfo', 'user.example.com'],
  );

  it('turns the route to the apex Service into the weighted route, keeping the rest', () => {
    const merged = mergeVirtualService(userVs, canary(), names, true);
    expect(merged?.spec?.hosts).toEqual(['podinfo', 'user.example.com']);
    expect(merged?.spec?.http?.[0]).toEqual(userVs.spec?.http?.[0]);
    expect(merged?.spec?.http?.[1]).toMatchObject({
      name: 'main',
      retries: { attempts: 7 },
      fault: { delay: { fixedDelay: '2s' } },
    });
    expect(merged && readRoutes(merged, names)).toMatchObject({ primary: 100, canary: 0 });
  });

  it('records the original route for finalize', () => {
    const a = adoptionAnnotations(userVs, canary(), names);
    expect(a['fledge.dev/adopted-by']).toBe('podinfo');
    expect(JSON.parse(a['fledge.dev/original-route'] ?? '{}')).toEqual(userVs.spec?.http?.[1]);
  });

  it('has nothing to adopt without a route to the Canary services', () => {
    expect(
      mergeVirtualService(vs([{ route: [{ destination: { host: 'elsewhere' } }] }]), canary(), names, true),
    ).toBeUndefined();
  });
});

describe('desiredDestinationRule', () => {
  it('passes the traffic policy through', () => {
    const policy = { connectionPool: { http: { http1MaxPendingRequests: 10 } } };
    expect(desiredDestinationRule(canary({ trafficPolicy: policy }), names, 'podinfo-canary', owner)).toEqual(
      {
        metadata: {
          name: 'podinfo-canary',
          namespace: 'shop',
          labels: managed,
          annotations: argo,
          ownerReferences: [owner],
        },
        spec: { host: 'podinfo-canary', trafficPolicy: policy },
      },
    );
  });
});
