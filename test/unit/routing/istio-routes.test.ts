import { describe, expect, it } from 'vitest';
import {
  applyRoutes,
  invalidSpec,
  readRoutes,
  verifyRoutes,
  weightedRouteIndex,
} from '../../../src/routing/istio-routes.js';
import type { HttpRoute } from '../../../src/routing/istio-types.js';
import { names, vs, weighted } from './fixtures.js';

const userRoute: HttpRoute = {
  name: 'legacy',
  match: [{ uri: { prefix: '/legacy' } }],
  route: [{ destination: { host: 'legacy-svc' } }],
  fault: { abort: { httpStatus: 503, percentage: { value: 1 } } },
};

describe('readRoutes', () => {
  it.each([
    ['weights as written', vs([weighted(70, 30)]), { primary: 70, canary: 30 }],
    [
      'FQDN destination hosts',
      vs([
        {
          route: [
            { destination: { host: 'podinfo-primary.shop.svc.cluster.local' }, weight: 90 },
            { destination: { host: 'podinfo-canary.shop.svc.cluster.local' }, weight: 10 },
          ],
        },
      ]),
      { primary: 90, canary: 10 },
    ],
    [
      'a lone destination takes all',
      vs([{ route: [{ destination: { host: 'podinfo-primary' } }] }]),
      { primary: 100, canary: 0 },
    ],
  ])('%s', (_n, v, want) => {
    const seen = readRoutes(v, names);
    expect(seen).toMatchObject({ exists: true, ...want });
    expect(seen.error).toBeUndefined();
  });

  it.each([
    ['missing VirtualService', undefined, /not found/],
    ['no weighted route', vs([userRoute]), /no route to podinfo-primary/],
    ['weights not summing to 100', vs([weighted(60, 30)]), /sum to 90/],
    ['an empty host', vs([weighted(100, 0)], ['']), /empty host/],
    [
      'a destination with an empty host',
      vs([
        {
          route: [
            { destination: { host: 'podinfo-primary' }, weight: 100 },
            { destination: { host: '' }, weight: 0 },
          ],
        },
      ]),
      /empty host/,
    ],
  ])('%s is an error', (_n, v, message) => {
    expect(readRoutes(v, names).error).toMatch(message);
  });

  it('sees the A/B route and the mirror', () => {
    const http = applyRoutes([weighted(100, 0)], names, {
      primary: 100,
      canary: 0,
      match: [{ headers: { 'x-canary': { exact: 'insider' } } }],
      mirrorWeight: 25,
    });
    expect(readRoutes(vs(http ?? []), names)).toMatchObject({
      primary: 100,
      canary: 0,
      match: true,
      mirrorWeight: 25,
    });
  });
});

describe('applyRoutes', () => {
  it('re-weights only the weighted route and keeps every other route and field', () => {
    const retries = { attempts: 3, perTryTimeout: '1s' };
    const fault = { delay: { fixedDelay: '1s', percentage: { value: 5 } } };
    const http = applyRoutes([userRoute, weighted(100, 0, { retries, fault })], names, {
      primary: 80,
      canary: 20,
    });
    expect(http?.[0]).toEqual(userRoute);
    expect(http?.[1]).toMatchObject({ retries, fault });
    expect(http?.[1]?.route?.map((d) => d.weight)).toEqual([80, 20]);
  });

  it('puts the A/B route right before the weighted route, and removes it again', () => {
    const match = [{ headers: { cookie: { regex: '.*canary=always.*' } } }];
    const ab = applyRoutes([userRoute, weighted(100, 0)], names, { primary: 100, canary: 0, match }) ?? [];
    expect(ab.map((r) => r.name)).toEqual(['legacy', 'fledge-ab', 'fledge-weighted']);
    expect(ab[1]).toMatchObject({ match, route: [{ destination: { host: 'podinfo-canary' }, weight: 100 }] });
    const back = applyRoutes(ab, names, { primary: 100, canary: 0 }) ?? [];
    expect(back.map((r) => r.name)).toEqual(['legacy', 'fledge-weighted']);
  });

  it('sets and clears the mirror', () => {
    const on = applyRoutes([weighted(100, 0)], names, { primary: 100, canary: 0, mirrorWeight: 40 }) ?? [];
    expect(on[0]).toMatchObject({ mirror: { host: 'podinfo-canary' }, mirrorPercentage: { value: 40 } });
    const off = applyRoutes(on, names, { primary: 100, canary: 0 }) ?? [];
    expect(off[0]?.mirror).toBeUndefined();
    expect(off[0]?.mirrorPercentage).toBeUndefined();
  });

  it('is undefined without a weighted route', () => {
    expect(applyRoutes([userRoute], names, { primary: 100, canary: 0 })).toBeUndefined();
    expect(weightedRouteIndex([userRoute], names)).toBe(-1);
  });
});

describe('verifyRoutes', () => {
  const seen = { exists: true, primary: 80, canary: 20, match: false };
  it.each([
    ['what was written', seen, { primary: 80, canary: 20 }, undefined],
    ['other weights', seen, { primary: 70, canary: 30 }, /read back primary 80/],
    [
      'A/B route missing',
      seen,
      { primary: 80, canary: 20, match: [{ uri: { exact: '/' } }] },
      /A\/B route missing/,
    ],
    ['mirror missing', seen, { primary: 80, canary: 20, mirrorWeight: 10 }, /mirror 0 %/],
    [
      'a read-back error',
      { ...seen, error: 'VirtualService shop/podinfo has an empty host' },
      { primary: 80, canary: 20 },
      /empty host/,
    ],
  ])('%s', (_n, observed, want, problem) => {
    const result = verifyRoutes(observed, want);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(problem);
  });
});

describe('invalidSpec', () => {
  it.each([
    [{ primary: 100, canary: 0 }, false],
    [{ primary: 0, canary: 100 }, false],
    [{ primary: 60, canary: 30 }, true],
    [{ primary: 110, canary: -10 }, true],
    [{ primary: 50.5, canary: 49.5 }, true],
    [{ primary: 100, canary: 0, mirrorWeight: 101 }, true],
  ])('%j → invalid %s', (spec, invalid) => {
    expect(invalidSpec(spec) !== undefined).toBe(invalid);
  });
});
