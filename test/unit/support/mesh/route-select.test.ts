import { describe, expect, it } from 'vitest';
import { createRng } from '../../../support/mesh/prng.js';
import {
  drawMirrors,
  matchRequest,
  matchString,
  mirrorsOf,
  pickDestination,
  selectRoute,
  type SimRequest,
} from '../../../support/mesh/route-select.js';
import type { HttpMatch, HttpRoute } from '../../../support/mesh/virtual-service.js';

function req(over: Partial<SimRequest> = {}): SimRequest {
  return {
    method: 'GET',
    path: '/',
    authority: 'shop',
    scheme: 'http',
    port: 80,
    headers: {},
    sourceNamespace: 'ns',
    sourceLabels: { app: 'mesh-simulator' },
    ...over,
  };
}

const to = (host: string, weight?: number): NonNullable<HttpRoute['route']>[number] => ({
  destination: { host },
  ...(weight !== undefined && { weight }),
});

describe('matchString', () => {
  it.each([
    [{ exact: 'a' }, 'a', true],
    [{ exact: 'a' }, 'ab', false],
    [{ prefix: '/api' }, '/api/v1', true],
    [{ prefix: '/api' }, '/ap', false],
    [{ regex: 'a.c' }, 'abc', true],
    // RE2 full match, as Envoy's safe_regex: a substring hit is not a match.
    [{ regex: 'b' }, 'abc', false],
    [{ regex: '(' }, '(', false],
    [{}, 'anything', true],
    [{ exact: 'a' }, undefined, false],
    [{}, undefined, false],
  ])('%o against %s → %s', (m, value, expected) => {
    expect(matchString(m, value)).toBe(expected);
  });
});

describe('matchRequest', () => {
  it.each<[string, HttpMatch, Partial<SimRequest>, boolean]>([
    [
      'header exact',
      { headers: { 'x-user-type': { exact: 'insider' } } },
      { headers: { 'x-user-type': 'insider' } },
      true,
    ],
    [
      'header exact, other value',
      { headers: { 'x-user-type': { exact: 'insider' } } },
      { headers: { 'x-user-type': 'x' } },
      false,
    ],
    ['header absent', { headers: { 'x-user-type': { exact: 'insider' } } }, {}, false],
    [
      'header name case-insensitive',
      { headers: { 'X-User': { prefix: 'a' } } },
      { headers: { 'x-user': 'abc' } },
      true,
    ],
    [
      "Flagger's cookie regex",
      { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
      { headers: { cookie: 'canary=always;a=1' } },
      true,
    ],
    ['header present ({})', { headers: { 'x-debug': {} } }, { headers: { 'x-debug': '' } }, true],
    ['withoutHeaders, header absent', { withoutHeaders: { 'x-debug': {} } }, {}, true],
    [
      'withoutHeaders, header present',
      { withoutHeaders: { 'x-debug': {} } },
      { headers: { 'x-debug': '1' } },
      false,
    ],
    [
      'withoutHeaders exact, other value',
      { withoutHeaders: { 'x-a': { exact: '1' } } },
      { headers: { 'x-a': '2' } },
      true,
    ],
    ['uri prefix', { uri: { prefix: '/api' } }, { path: '/api/orders' }, true],
    ['uri exact ignores the query string', { uri: { exact: '/a' } }, { path: '/a?x=1' }, true],
    ['uri regex', { uri: { regex: '/orders/[0-9]+' } }, { path: '/orders/42' }, true],
    ['uri case', { uri: { exact: '/API' } }, { path: '/api' }, false],
    ['ignoreUriCase', { uri: { exact: '/API' }, ignoreUriCase: true }, { path: '/api' }, true],
    ['queryParams', { queryParams: { v: { exact: '2' } } }, { path: '/a?v=2' }, true],
    ['method', { method: { exact: 'POST' } }, {}, false],
    [
      'AND of conditions',
      { uri: { prefix: '/' }, headers: { 'x-a': { exact: '1' } } },
      { headers: { 'x-a': '2' } },
      false,
    ],
    ['sourceNamespace', { sourceNamespace: 'other' }, {}, false],
    ['sourceLabels', { sourceLabels: { app: 'mesh-simulator' } }, {}, true],
    ['port', { port: 8080 }, {}, false],
  ])('%s', (_name, match, over, expected) => {
    expect(matchRequest(match, req(over))).toBe(expected);
  });
});

describe('selectRoute', () => {
  const routes: HttpRoute[] = [
    {
      name: 'insiders',
      match: [{ headers: { 'x-user-type': { exact: 'insider' } } }],
      route: [to('canary')],
    },
    // OR across match blocks.
    { name: 'api', match: [{ uri: { prefix: '/api' } }, { uri: { prefix: '/v2' } }], route: [to('api')] },
    { name: 'default', route: [to('primary')] },
    { name: 'never', route: [to('unreached')] },
  ];

  it.each<[string, Partial<SimRequest>, number]>([
    ['first matching route wins', { headers: { 'x-user-type': 'insider' }, path: '/api' }, 0],
    ['second block of an OR', { path: '/v2/x' }, 1],
    ['no match block is a catch-all', { path: '/shop' }, 2],
  ])('%s', (_name, over, expected) => {
    expect(selectRoute(routes, req(over))).toBe(expected);
  });

  it('is undefined when nothing matches (404 NR)', () => {
    expect(selectRoute([routes[0]!], req())).toBeUndefined();
  });
});

function shares(route: HttpRoute, n: number, seed = 1): Record<string, number> {
  const rng = createRng(seed);
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const host = pickDestination(route, rng)?.host ?? 'none';
    counts[host] = (counts[host] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / n]));
}

describe('pickDestination', () => {
  it.each<[string, HttpRoute, Record<string, number>]>([
    ['80/20', { route: [to('primary', 80), to('canary', 20)] }, { primary: 0.8, canary: 0.2 }],
    ['relative weights 1:3', { route: [to('a', 1), to('b', 3)] }, { a: 0.25, b: 0.75 }],
    ['three ways', { route: [to('a', 50), to('b', 30), to('c', 20)] }, { a: 0.5, b: 0.3, c: 0.2 }],
    ['weight 0 is never chosen', { route: [to('primary', 100), to('canary', 0)] }, { primary: 1 }],
    ['missing weight among several is 0', { route: [to('primary', 10), to('canary')] }, { primary: 1 }],
    ['a lone destination takes all', { route: [to('only')] }, { only: 1 }],
    ['a lone destination ignores its weight', { route: [to('only', 0)] }, { only: 1 }],
    ['all weights 0 routes nowhere', { route: [to('a', 0), to('b', 0)] }, { none: 1 }],
  ])('%s', (_name, route, expected) => {
    const got = shares(route, 50_000);
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [host, share] of Object.entries(expected))
      expect(Math.abs(got[host]! - share)).toBeLessThan(0.01);
  });

  it('is deterministic for a seed', () => {
    const route = { route: [to('a', 50), to('b', 50)] };
    expect(shares(route, 1000, 3)).toEqual(shares(route, 1000, 3));
  });
});

describe('mirrors', () => {
  it.each<[string, HttpRoute, number]>([
    ['mirror without a percentage mirrors all', { route: [to('p')], mirror: { host: 'm' } }, 1],
    ['mirrorPercentage', { route: [to('p')], mirror: { host: 'm' }, mirrorPercentage: { value: 25 } }, 0.25],
    ['deprecated mirrorPercent', { route: [to('p')], mirror: { host: 'm' }, mirrorPercent: 10 }, 0.1],
    [
      'mirrors list',
      { route: [to('p')], mirrors: [{ destination: { host: 'm' }, percentage: { value: 40 } }] },
      0.4,
    ],
    ['no mirror', { route: [to('p')] }, 0],
  ])('%s', (_name, route, expected) => {
    const rng = createRng(11);
    const n = 40_000;
    let copies = 0;
    for (let i = 0; i < n; i++) copies += drawMirrors(route, rng).filter((d) => d.host === 'm').length;
    expect(Math.abs(copies / n - expected)).toBeLessThan(0.01);
  });

  it('lists mirror targets with their percentages', () => {
    expect(mirrorsOf({ mirror: { host: 'm', subset: 'v2' }, mirrorPercentage: { value: 5.5 } })).toEqual([
      { destination: { host: 'm', subset: 'v2' }, percent: 5.5 },
    ]);
  });
});
