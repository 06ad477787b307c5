import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ValidationError } from '../../../src/api/errors.js';
import { parseTraffic, parseWorkload } from './config.js';
import type { Simulator } from './simulator.js';

const MAX_BODY = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, `body larger than ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

/** `/v1/<kind>/<namespace>/<name>` → its parts, or undefined. */
function target(path: string, kind: string): { namespace: string; name: string } | undefined {
  const m = new RegExp(`^/v1/${kind}/([^/]+)/([^/]+)$`).exec(path);
  if (!m?.[1] || !m[2]) return undefined;
  return { namespace: decodeURIComponent(m[1]), name: decodeURIComponent(m[2]) };
}

export interface ServerDeps {
  simulator: Simulator;
  registry: Registry;
  log: Logger;
  /** For /healthz. */
  synced(): boolean;
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { simulator } = deps;
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const method = req.method ?? 'GET';

  if (method === 'GET' && path === '/metrics') {
    const text = await deps.registry.metrics();
    res.writeHead(200, { 'content-type': deps.registry.contentType });
    res.end(text);
    return;
  }
  if (method === 'GET' && path === '/healthz') return send(res, 200, { ok: true, synced: deps.synced() });
  if (method === 'GET' && path === '/v1/state') return send(res, 200, simulator.state());
  if (method === 'POST' && path === '/v1/reset') {
    simulator.reset();
    return send(res, 200, { ok: true });
  }

  const traffic = target(path, 'traffic');
  if (traffic && method === 'PUT') {
    const spec = parseTraffic(await readJson(req), traffic);
    const { found } = simulator.setTraffic(traffic.namespace, traffic.name, spec);
    return send(res, 200, {
      ...traffic,
      traffic: spec,
      found,
      ...(!found && { warning: 'VirtualService not found (yet); traffic starts when it appears' }),
    });
  }
  if (traffic && method === 'DELETE') {
    if (!simulator.deleteTraffic(traffic.namespace, traffic.name)) {
      throw new HttpError(404, `no traffic set for ${traffic.namespace}/${traffic.name}`);
    }
    return send(res, 200, traffic);
  }
  const workload = target(path, 'workloads');
  if (workload && method === 'PUT') {
    const spec = parseWorkload(await readJson(req), workload);
    simulator.setWorkload(workload.namespace, workload.name, spec);
    return send(res, 200, { ...workload, ...spec });
  }
  if (workload && method === 'DELETE') {
    if (!simulator.deleteWorkload(workload.namespace, workload.name)) {
      throw new HttpError(404, `no settings for workload ${workload.namespace}/${workload.name}`);
    }
    return send(res, 200, workload);
  }
  if (traffic || workload) throw new HttpError(405, `${method} not allowed on ${path}`);
  throw new HttpError(404, `no route for ${method} ${path}`);
}

/** The control API and /metrics, on 127.0.0.1 only. */
export function createMeshServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      if (err instanceof ValidationError) return send(res, 400, { error: err.message, issues: err.issues });
      if (err instanceof HttpError) return send(res, err.status, { error: err.message });
      deps.log.error({ err }, 'request failed');
      send(res, 500, { error: err instanceof Error ? err.message : String(err) });
    });
  });
}

export async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
