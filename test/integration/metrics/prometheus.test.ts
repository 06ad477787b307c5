/**
 * The Prometheus provider against the bed's REAL Prometheus (3.x), scraping the
 * mesh simulator: a workload with traffic, one without, bad PromQL, an outage.
 * The same checks run against a Prometheus 2.x built the same way (users run
 * both; 2.x has no /api/v1/parse_query), scraping the same simulator.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient, loadKubeConfig, type KubeClient } from '../../../src/kube/client.js';
import { builtinQuery } from '../../../src/metrics/builtin.js';
import { PrometheusProvider, PrometheusProviderCache } from '../../../src/metrics/prometheus.js';
import { ensureComponent } from '../../support/cluster/build.js';
import { components } from '../../support/cluster/control.js';
import { stopProc } from '../../support/cluster/proc.js';
import { startComponent } from '../../support/cluster/start.js';
import type { ComponentState } from '../../support/cluster/state.js';
import { prometheusLaunch } from '../../support/prometheus.js';
import { testbed } from '../../support/env.js';
import { MeshClient } from '../../support/mesh/client.js';

const env = testbed();
const ns = `prom-it-${Date.now().toString(36)}`;
let client: KubeClient;
let prometheus: PrometheusProvider;
const mesh = new MeshClient(env.MESH_URL);
const RPS = 100;

function deployment(name: string): V1Deployment {
  return {
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.invalid/web:1' }] },
      },
    },
  };
}

async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

// Errors are drawn at random (10 %), so the window must hold enough requests
// for the measured rate to sit near 90: ~1,500 canary requests in 30 s give a
// standard deviation under 0.8 points, against the 4-point tolerance below.
const WINDOW = '30s';
const window = (workload: string) => ({ namespace: ns, workload, interval: WINDOW });

let v2: ComponentState | undefined;
let v2Url = '';

/** A Prometheus 2.x scraping the bed's mesh simulator, in a temp dir of its own. */
async function startPrometheusV2(): Promise<void> {
  // Built once into the cache (`npm run testbed:build -- --all` does it ahead of time).
  const bin = await ensureComponent('prometheus-v2');
  const dir = mkdtempSync(join(tmpdir(), 'fledge-prom2-'));
  mkdirSync(join(dir, 'logs'));
  v2 = await startComponent(
    'prometheus-v2',
    1,
    ([port]) => prometheusLaunch(dir, port!, env.MESH_URL, bin),
    () => Promise.resolve(),
  );
  v2Url = v2.probe.url.replace(/\/-\/ready$/, '');
}

beforeAll(async () => {
  // Outage tests of other suites stop the shared Prometheus; make sure it runs.
  await components.prometheus.start();
  await startPrometheusV2();
  client = createKubeClient(loadKubeConfig(env.KUBECONFIG));
  prometheus = new PrometheusProvider({ address: env.PROMETHEUS_URL });
  await client.core.createNamespace({ body: { metadata: { name: ns } } });
  for (const name of ['web-primary', 'web']) {
    await client.apps.createNamespacedDeployment({ namespace: ns, body: deployment(name) });
  }
  for (const [name, app] of [
    ['web-primary', 'web-primary'],
    ['web-canary', 'web'],
  ] as const) {
    await client.core.createNamespacedService({
      namespace: ns,
      body: { metadata: { name }, spec: { selector: { app }, ports: [{ name: 'http', port: 80 }] } },
    });
  }
  await client.customObjects.createNamespacedCustomObject({
    group: 'networking.istio.io',
    version: 'v1',
    namespace: ns,
    plural: 'virtualservices',
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'web', namespace: ns },
      spec: {
        hosts: ['web'],
        http: [
          {
            route: [
              { destination: { host: 'web-primary' }, weight: 50 },
              { destination: { host: 'web-canary' }, weight: 50 },
            ],
          },
        ],
      },
    },
  });
  await until('both sides ready in the simulator', 60_000, async () => {
    await mesh.setTraffic(ns, 'web', { rps: 0 });
    const vs = await mesh.virtualService(ns, 'web');
    return vs?.routes[0]?.destinations.every((d) => (d.workloads[0]?.ready ?? 0) > 0) ? true : undefined;
  });
  await mesh.setWorkload(ns, 'web', { errorRate: 0.1 });
  await mesh.setTraffic(ns, 'web', { rps: RPS });
  await until(`a full ${WINDOW} window of canary traffic`, 120_000, async () => {
    const r = await prometheus.query(
      `sum(increase(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}",destination_workload="web"}[${WINDOW}]))`,
    );
    return r.status === 'ok' && r.value > 0.8 * (RPS / 2) * 30 ? true : undefined;
  });
  // 2.x started scraping at the same time; wait for its window too.
  const old = new PrometheusProvider({ address: v2Url });
  await until(`a full ${WINDOW} window in Prometheus 2.x`, 60_000, async () => {
    const r = await old.query(
      `sum(increase(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}",destination_workload="web"}[${WINDOW}]))`,
    );
    return r.status === 'ok' && r.value > 0.8 * (RPS / 2) * 30 ? true : undefined;
  });
}, 30 * 60_000); // a cold cache builds Prometheus 2.x first

afterAll(async () => {
  if (v2) await stopProc(v2);
  await mesh.stopTraffic(ns, 'web').catch(() => undefined);
  await client.core.deleteNamespace({ name: ns }).catch(() => undefined);
  client.close();
});

const servers = [
  ['3.x (the bed)', () => env.PROMETHEUS_URL, '3.'],
  ['2.x (compatibility)', () => v2Url, '2.'],
] as const;

describe.each(servers)('PrometheusProvider against the real Prometheus %s', (_name, url, major) => {
  let prom: PrometheusProvider;
  beforeAll(() => {
    prom = new PrometheusProvider({ address: url() });
  });

  it(`is a Prometheus ${major}x`, async () => {
    const res = await fetch(`${url()}/api/v1/status/buildinfo`);
    const body = (await res.json()) as { data: { version: string } };
    expect(body.data.version.startsWith(major)).toBe(true);
  });
  it('measures the success rate of a workload with mesh traffic', async () => {
    const canary = await prom.query(builtinQuery('request-success-rate', window('web')));
    expect(canary.status).toBe('ok');
    expect(canary.status === 'ok' && Math.abs(canary.value - 90)).toBeLessThanOrEqual(4);
    const primary = await prom.query(builtinQuery('request-success-rate', window('web-primary')));
    expect(primary).toEqual({ status: 'ok', value: 100 });
    // No 5xx at all is an error rate of 0, not "no data".
    expect(await prom.query(builtinQuery('error-rate', window('web-primary')))).toEqual({
      status: 'ok',
      value: 0,
    });
    expect(await prom.query(builtinQuery('error-rate', window('idle')))).toEqual({ status: 'NoData' });
  });

  it('is NoData for a workload without traffic', async () => {
    expect(await prom.query(builtinQuery('request-success-rate', window('idle')))).toEqual({
      status: 'NoData',
    });
  });

  it('is MultipleSeries when the query returns a series per workload', async () => {
    const r = await prom.query(
      `sum by (destination_workload) (rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}"}[10s]))`,
    );
    expect(r).toEqual({ status: 'MultipleSeries', count: 2 });
  });

  it('is NaN for 0/0', async () => {
    expect(await prom.query('0/0')).toEqual({ status: 'NaN' });
  });

  it("is InvalidQuery for PromQL that does not parse, QueryError for one that fails, with Prometheus' message", async () => {
    const r = await prom.query('sum(rate(istio_requests_total[1m]');
    expect(r.status).toBe('InvalidQuery');
    expect(r.status === 'InvalidQuery' && r.error).toMatch(
      /bad_data: .*parse error: unclosed left parenthesis/,
    );
    const exec = await prom.query('label_replace(vector(1), "a", "b", "c", "(")');
    expect(exec.status).toBe('QueryError');
    expect(exec.status === 'QueryError' && exec.error).toMatch(/invalid regular expression/);
  });

  it('validates syntax (falling back to a query where /api/v1/parse_query is missing)', async () => {
    // 3.x has the endpoint; 2.x answers 404 and the provider runs the query instead.
    const parse = await fetch(`${url()}/api/v1/parse_query?query=up`);
    expect(parse.status).toBe(major === '3.' ? 200 : 404);
    const provider = new PrometheusProvider({ address: url() });
    const bad = await provider.validate('sum(rate(istio_requests_total[1m]');
    expect(bad.status).toBe('invalid');
    expect(bad.status === 'invalid' && bad.error).toMatch(/parse error: unclosed left parenthesis/);
    expect(await provider.validate('sum(rate(istio_requests_total[1m]))')).toEqual({ status: 'valid' });
    // Parses; failing at execution is the analysis' business, not bad input.
    expect(await provider.validate('label_replace(vector(1), "a", "b", "c", "(")')).toEqual({
      status: 'valid',
    });
  });

  it('is online', async () => {
    expect(await prom.isOnline()).toBe(true);
  });
});

describe('outages', () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const s of servers) s.closeAllConnections();
    for (const s of servers) s.close();
  });

  it('is MetricsUnavailable, and offline, on a closed port', async () => {
    const port = await closedPort();
    const provider = new PrometheusProvider({ address: `http://127.0.0.1:${port}`, timeoutMs: 2000 });
    const r = await provider.query('vector(1)');
    expect(r.status).toBe('MetricsUnavailable');
    expect(r.status === 'MetricsUnavailable' && r.error).toMatch(/ECONNREFUSED/);
    expect(await provider.isOnline()).toBe(false);
    // An outage says nothing about the query: never valid, never invalid.
    const v = await provider.validate('vector(1)');
    expect(v.status).toBe('unknown');
    expect(v.status === 'unknown' && v.error).toMatch(/ECONNREFUSED/);
  });

  it('is MetricsUnavailable when Prometheus does not answer in time', async () => {
    const silent = createServer(() => undefined);
    servers.push(silent);
    const port = await listen(silent);
    const provider = new PrometheusProvider({ address: `http://127.0.0.1:${port}`, timeoutMs: 300 });
    const r = await provider.query('vector(1)');
    expect(r.status).toBe('MetricsUnavailable');
    expect(r.status === 'MetricsUnavailable' && r.error).toMatch(/timed out/);
  });

  it('sends bearer and basic auth (through an auth proxy in front of the real Prometheus)', async () => {
    const upstream = new URL(env.PROMETHEUS_URL);
    const seen: (string | undefined)[] = [];
    const proxy = createServer((req, res) => {
      seen.push(req.headers.authorization);
      const ok =
        req.headers.authorization === 'Bearer s3cret' ||
        req.headers.authorization === `Basic ${Buffer.from('ops:pw').toString('base64')}`;
      if (!ok) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
        return;
      }
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(out);
    });
    servers.push(proxy);
    const address = `http://127.0.0.1:${await listen(proxy)}`;
    const cache = new PrometheusProviderCache();
    const bearer = cache.get({ address, auth: { token: 's3cret' } });
    const basic = cache.get({ address, auth: { username: 'ops', password: 'pw' } });
    const none = cache.get({ address });
    expect(cache.get({ address, auth: { token: 's3cret' } })).toBe(bearer);
    expect(cache.size).toBe(3);
    expect(await bearer.query('vector(1)')).toEqual({ status: 'ok', value: 1 });
    expect(await basic.query('vector(1)')).toEqual({ status: 'ok', value: 1 });
    // 401 is the query's (configuration's) fault, not an outage.
    expect(await none.query('vector(1)')).toMatchObject({
      status: 'QueryError',
      error: expect.stringMatching(/401.*unauthorized/),
    });
    expect(seen).toContain('Bearer s3cret');
  });
});

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise((r) => s.close(r));
  return port;
}
