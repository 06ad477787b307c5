import { CoreV1Api, KubeConfig, type V1Service } from '@kubernetes/client-node';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Reflector } from '../../../support/mesh/reflector.js';

// A scripted stand-in for the apiserver's list and watch protocol, only to
// drive the reflector through 410 Gone and stream ends, which the real bed
// produces too rarely to test (the integration tests use the real apiserver).
interface Script {
  lists: Array<{ rv: string; names: string[] }>;
  /** Per watch request: lines to send, and whether to end the stream afterwards. */
  watches: Array<{ events: unknown[]; end: boolean }>;
}

const svc = (name: string, rv: string): V1Service => ({
  metadata: { namespace: 'ns', name, resourceVersion: rv },
});

let server: Server | undefined;
let reflector: Reflector<V1Service> | undefined;
const open: ServerResponse[] = [];

afterEach(async () => {
  await reflector?.stop();
  for (const res of open) res.end();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

async function start(script: Script): Promise<{ watchRvs: string[]; listCalls: () => number }> {
  const watchRvs: string[] = [];
  let lists = 0;
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.searchParams.get('watch') === 'true') {
      watchRvs.push(url.searchParams.get('resourceVersion') ?? '');
      const step = script.watches.shift() ?? { events: [], end: false };
      res.writeHead(200, { 'content-type': 'application/json' });
      for (const e of step.events) res.write(`${JSON.stringify(e)}\n`);
      if (step.end) res.end();
      else open.push(res);
      return;
    }
    const list = script.lists[Math.min(lists++, script.lists.length - 1)]!;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'ServiceList',
        apiVersion: 'v1',
        metadata: { resourceVersion: list.rv },
        items: list.names.map((n) => svc(n, list.rv)),
      }),
    );
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const core = kc.makeApiClient(CoreV1Api);
  reflector = new Reflector<V1Service>(
    kc,
    'Service',
    async () => {
      const l = await core.listServiceForAllNamespaces();
      return { items: l.items, resourceVersion: l.metadata?.resourceVersion ?? '' };
    },
    '/api/v1/services',
    pino({ level: process.env['MESH_TEST_LOG'] ?? 'silent' }, pino.destination(2)),
  );
  reflector.start();
  return { watchRvs, listCalls: () => lists };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}

const names = (): string[] => [...reflector!.items.keys()].sort();

describe('Reflector', () => {
  it('applies watch events on top of the list, from the list resourceVersion', async () => {
    const s = await start({
      lists: [{ rv: '10', names: ['a', 'b'] }],
      watches: [
        {
          events: [
            { type: 'ADDED', object: svc('c', '11') },
            { type: 'DELETED', object: svc('a', '12') },
            { type: 'BOOKMARK', object: { metadata: { resourceVersion: '13' } } },
          ],
          end: false,
        },
      ],
    });
    await reflector!.synced;
    await eventually(() => names().join() === 'ns/b,ns/c', 'watch events applied');
    expect(s.watchRvs).toEqual(['10']);
  });

  it('re-watches from the last resourceVersion when the stream ends', async () => {
    const s = await start({
      lists: [{ rv: '10', names: ['a'] }],
      watches: [
        { events: [{ type: 'MODIFIED', object: svc('a', '15') }], end: true },
        { events: [], end: false },
      ],
    });
    await eventually(() => s.watchRvs.length === 2, 'a second watch');
    expect(s.watchRvs).toEqual(['10', '15']);
    expect(s.listCalls()).toBe(1);
  });

  it('relists on 410 Gone and replaces what it had', async () => {
    const s = await start({
      lists: [
        { rv: '10', names: ['a'] },
        { rv: '30', names: ['z'] },
      ],
      watches: [
        {
          events: [
            { type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } },
          ],
          end: false,
        },
        { events: [], end: false },
      ],
    });
    await eventually(() => s.listCalls() === 2 && s.watchRvs.length === 2, 'a relist and a new watch');
    expect(names()).toEqual(['ns/z']);
    expect(s.watchRvs).toEqual(['10', '30']);
  });
});
