import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { FledgeError } from '../api/errors.js';

export interface Check {
  name: string;
  /** Undefined when healthy; otherwise why not. */
  check(): string | undefined;
}

export interface ObservabilityServer {
  /** `host:port` it listens on (port resolved when 0 was asked). */
  address: string;
  close(): Promise<void>;
}

/** Parses `:8080`, `0.0.0.0:8080`, `127.0.0.1:0`, `[::1]:9090`. */
export function parseAddr(addr: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(addr);
  const port = Number(m?.[3]);
  if (!m || port > 65535)
    throw new FledgeError('InvalidAddress', `address "${addr}" is not host:port (e.g. ":8080")`);
  return { host: m[1] ?? (m[2] || undefined), port };
}

/**
 * Serves `/metrics`, `/healthz` (the process works) and `/readyz` (every
 * readiness check passes, e.g. informer caches synced). A standby replica
 * that is not leading is healthy and ready: it is doing its job.
 */
export async function startObservabilityServer(opts: {
  addr: string;
  registry: Registry;
  readiness?: Check[];
  liveness?: Check[];
}): Promise<ObservabilityServer> {
  const { host, port } = parseAddr(opts.addr);
  const probe = (checks: Check[] | undefined, res: http.ServerResponse): void => {
    const failing = (checks ?? []).flatMap((c) => {
      const why = c.check();
      return why === undefined ? [] : [`${c.name}: ${why}`];
    });
    res.writeHead(failing.length ? 503 : 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(failing.length ? `not ok\n${failing.join('\n')}\n` : 'ok\n');
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (path === '/metrics') {
      opts.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'Content-Type': opts.registry.contentType });
          res.end(text);
        },
        (err: unknown) => {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`metrics: ${String(err)}\n`);
        },
      );
    } else if (path === '/healthz' || path === '/livez') probe(opts.liveness, res);
    else if (path === '/readyz') probe(opts.readiness, res);
    else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(
        new FledgeError('ListenFailed', `metrics server on ${opts.addr}: ${err.message}`, { cause: err }),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const a = server.address() as AddressInfo;
  return {
    address: `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
