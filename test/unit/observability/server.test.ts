import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/observability/metrics.js';
import {
  parseAddr,
  startObservabilityServer,
  type ObservabilityServer,
} from '../../../src/observability/server.js';

let server: ObservabilityServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('parseAddr', () => {
  it.each([
    [':8080', { host: undefined, port: 8080 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:9090', { host: '::1', port: 9090 }],
  ])('%s', (addr, expected) => {
    expect(parseAddr(addr)).toEqual(expected);
  });

  it.each(['8080', 'host:', 'a:99999', ''])('rejects %j', (addr) => {
    expect(() => parseAddr(addr)).toThrow(/not host:port/);
  });
});

describe('observability server', () => {
  it('serves /metrics, /healthz and /readyz that follows its checks', async () => {
    const m = createMetrics({ version: '1.2.3' });
    let synced = false;
    server = await startObservabilityServer({
      addr: '127.0.0.1:0',
      registry: m.registry,
      readiness: [{ name: 'informers', check: () => (synced ? undefined : 'not synced') }],
    });
    const base = `http://${server.address}`;
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('fledge_build_info{version="1.2.3",node="' + process.version + '"} 1');
    for (const name of [
      'fledge_reconcile_total',
      'fledge_workqueue_depth',
      'fledge_leader',
      'fledge_reconcile_duration_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toContain('informers: not synced');
    synced = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('fails clearly when the port is taken', async () => {
    server = await startObservabilityServer({ addr: '127.0.0.1:0', registry: createMetrics().registry });
    await expect(
      startObservabilityServer({ addr: server.address, registry: createMetrics().registry }),
    ).rejects.toThrow(/metrics server on 127\.0\.0\.1:\d+/);
  });
});
