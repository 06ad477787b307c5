import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from './api-error.js';

export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Used in error messages: what this request was about (`ConfigMap shop/a`). */
  what?: string;
  signal?: AbortSignal;
}

export interface WatchStream {
  /** Resolves when the stream ends; rejects with a KubeApiError when it could not start or broke. */
  done: Promise<void>;
  abort(): void;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A minimal Kubernetes REST client on top of a KubeConfig: JSON in, JSON out,
 * typed errors, and newline-delimited watch streams. The generated clients of
 * @kubernetes/client-node are per kind; the runtime needs one code path for
 * any group/version/plural, including ones that do not exist at build time.
 */
export class RestClient {
  private agent: http.Agent | undefined;

  constructor(readonly kubeConfig: KubeConfig) {}

  async request<T>(req: RestRequest): Promise<T> {
    const what = req.what ?? `${req.method} ${req.path}`;
    const { url, options } = await this.prepare(req);
    if (!options.signal) options.signal = AbortSignal.timeout(DEFAULT_TIMEOUT_MS);
    return new Promise<T>((resolve, reject) => {
      const r = this.transport(url).request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(new KubeApiError(what, 0, { message: err.message, cause: err })));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            try {
              resolve((text ? JSON.parse(text) : undefined) as T);
            } catch (err) {
              reject(new KubeApiError(what, status, { message: 'response is not JSON', cause: err }));
            }
          } else {
            reject(errorFromBody(what, status, text));
          }
        });
      });
      r.on('error', (err) => reject(new KubeApiError(what, 0, { message: err.message, cause: err })));
      if (req.body !== undefined) r.write(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
      r.end();
    });
  }

  /**
   * Opens a watch (`?watch=1`) and calls `onEvent` for every line. `idleTimeoutMs`
   * guards against a silently dead connection (no bytes, no FIN), which would
   * otherwise stall an informer forever.
   */
  async watch(
    req: Omit<RestRequest, 'method' | 'body'> & { idleTimeoutMs: number },
    onEvent: (event: { type: string; object: unknown }) => void,
  ): Promise<WatchStream> {
    const what = req.what ?? `watch ${req.path}`;
    const controller = new AbortController();
    const { url, options } = await this.prepare({
      ...req,
      method: 'GET',
      query: { ...req.query, watch: 1 },
      signal: controller.signal,
    });
    let idle: NodeJS.Timeout | undefined;
    const done = new Promise<void>((resolve, reject) => {
      const kick = (): void => {
        clearTimeout(idle);
        idle = setTimeout(() => controller.abort(), req.idleTimeoutMs);
        idle.unref();
      };
      const finish = (err?: Error): void => {
        clearTimeout(idle);
        if (err === undefined || controller.signal.aborted) resolve();
        else
          reject(
            err instanceof KubeApiError
              ? err
              : new KubeApiError(what, 0, { message: err.message, cause: err }),
          );
      };
      kick();
      const r = this.transport(url).request(url, options, (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => finish(errorFromBody(what, status, Buffer.concat(chunks).toString('utf8'))));
          res.on('error', (err) => finish(err));
          return;
        }
        const lines = createInterface({ input: res, crlfDelay: Infinity });
        // readline re-emits the input's errors; the handler on `res` below deals with them.
        lines.on('error', () => undefined);
        lines.on('line', (line) => {
          kick();
          if (!line.trim()) return;
          let parsed: { type?: unknown; object?: unknown };
          try {
            parsed = JSON.parse(line) as typeof parsed;
          } catch {
            return; // a torn line at a broken connection; the re-watch repairs it
          }
          if (typeof parsed.type === 'string') onEvent({ type: parsed.type, object: parsed.object });
        });
        res.on('error', (err) => finish(err));
        res.on('close', () =>
          finish(res.complete ? undefined : new Error('watch connection closed mid-stream')),
        );
      });
      r.on('error', (err) => finish(err));
      r.end();
    });
    return { done, abort: () => controller.abort() };
  }

  private transport(url: URL): typeof https | typeof http {
    return url.protocol === 'http:' ? http : https;
  }

  private async prepare(req: RestRequest): Promise<{ url: URL; options: https.RequestOptions }> {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster)
      throw new KubeApiError(req.what ?? req.path, 0, { message: 'kubeconfig has no current cluster' });
    const url = new URL(cluster.server.replace(/\/$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const options: https.RequestOptions = { method: req.method, headers: {} };
    await this.kubeConfig.applyToHTTPSOptions(options);
    // The KubeConfig makes a fresh agent per call; keep one keep-alive agent
    // with the same TLS material so requests reuse connections.
    this.agent ??=
      url.protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({
            keepAlive: true,
            ca: options.ca,
            cert: options.cert,
            key: options.key,
            servername: options.servername,
            ...(options.rejectUnauthorized === undefined
              ? {}
              : { rejectUnauthorized: options.rejectUnauthorized }),
          });
    options.agent = this.agent;
    const headers: http.OutgoingHttpHeaders = {
      ...(options.headers as http.OutgoingHttpHeaders),
      Accept: 'application/json',
    };
    if (req.body !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
    options.headers = headers;
    if (req.signal) options.signal = req.signal;
    return { url, options };
  }

  /** Closes idle keep-alive sockets so a stopping process can exit. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}

/** Builds a KubeApiError from a Status body when the apiserver sent one. */
export function errorFromBody(what: string, status: number, text: string): KubeApiError {
  let body: unknown = text;
  let reason: string | undefined;
  let message: string | undefined;
  try {
    const parsed = JSON.parse(text) as { reason?: unknown; message?: unknown };
    body = parsed;
    if (typeof parsed.reason === 'string') reason = parsed.reason;
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    if (text) message = text.slice(0, 200);
  }
  return new KubeApiError(what, status, { reason, message, body });
}
