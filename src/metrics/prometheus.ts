/**
 * The Prometheus MetricProvider: instant queries over `/api/v1/query`, auth
 * from a Secret's decoded data, one cached provider per address + auth.
 */
import { createHash } from 'node:crypto';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { classifyHttpError, parseQueryBody } from './prometheus-response.js';
import type { MetricProvider, MetricQueryResult, QueryOptions, QueryValidation } from './provider.js';

export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/** Bearer (`token`) or basic (`username` + `password`) auth, already decoded from the Secret. */
export type PrometheusAuth = { token: string } | { username: string; password: string } | undefined;

export interface PrometheusOptions {
  address: string;
  auth?: PrometheusAuth;
  insecureSkipVerify?: boolean | undefined;
  timeoutMs?: number | undefined;
}

/** Auth from a Secret's data as the controller decoded it; undefined when it has neither form. */
export function authFromSecretData(data: Readonly<Record<string, string>> | undefined): PrometheusAuth {
  if (!data) return undefined;
  if (data['token']) return { token: data['token'].trim() };
  if (data['username'] !== undefined && data['password'] !== undefined)
    return { username: data['username'], password: data['password'] };
  return undefined;
}

export class PrometheusProvider implements MetricProvider {
  readonly address: string;
  private readonly http: AxiosInstance;
  private readonly timeoutMs: number;
  /** Older Prometheus (2.42, for one) has no /api/v1/parse_query (404); validate() then runs the query. */
  private parseEndpoint = true;

  constructor(options: PrometheusOptions) {
    this.address = options.address.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    const auth = options.auth;
    this.http = axios.create({
      baseURL: this.address,
      // Every status is an outcome to classify, never an exception.
      validateStatus: () => true,
      headers: auth && 'token' in auth ? { Authorization: `Bearer ${auth.token}` } : {},
      ...(auth && 'username' in auth ? { auth: { username: auth.username, password: auth.password } } : {}),
      ...(options.insecureSkipVerify ? { httpsAgent: new https.Agent({ rejectUnauthorized: false }) } : {}),
      maxRedirects: 0,
    });
  }

  async query(query: string, options: QueryOptions = {}): Promise<MetricQueryResult> {
    const params = new URLSearchParams({ query });
    if (options.time) params.set('time', (options.time.getTime() / 1000).toFixed(3));
    try {
      const res = await this.http.post('/api/v1/query', params, {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        timeout: options.timeoutMs ?? this.timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (res.status === 200) return parseQueryBody(res.data);
      return classifyHttpError(res.status, res.data);
    } catch (err) {
      return {
        status: 'MetricsUnavailable',
        error: `Prometheus ${this.address}: ${describeNetworkError(err)}`,
      };
    }
  }

  /**
   * Syntax check: `/api/v1/parse_query` where the server has it, else the
   * query itself, whose 400 `bad_data` is the parse error. Anything that is
   * not an answer about the query (an outage) is `unknown`.
   */
  async validate(query: string, options: QueryOptions = {}): Promise<QueryValidation> {
    if (this.parseEndpoint) {
      try {
        const res = await this.http.post('/api/v1/parse_query', new URLSearchParams({ query }), {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          timeout: options.timeoutMs ?? this.timeoutMs,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        if (res.status === 200) return { status: 'valid' };
        if (res.status === 404) this.parseEndpoint = false;
        else {
          const r = classifyHttpError(res.status, res.data);
          if (r.status === 'InvalidQuery') return { status: 'invalid', error: r.error };
          return { status: 'unknown', error: `Prometheus ${this.address}: ${describeOutcome(r)}` };
        }
      } catch (err) {
        return { status: 'unknown', error: `Prometheus ${this.address}: ${describeNetworkError(err)}` };
      }
    }
    const r = await this.query(query, options);
    if (r.status === 'InvalidQuery') return { status: 'invalid', error: r.error };
    if (r.status === 'MetricsUnavailable') return { status: 'unknown', error: r.error };
    // Parsed: whatever it returned (even an execution error) is for the analysis to judge.
    return { status: 'valid' };
  }

  async isOnline(): Promise<boolean> {
    try {
      const res = await this.http.get('/-/ready', { timeout: this.timeoutMs });
      if (res.status === 200) return true;
    } catch {
      // fall through: some proxies only expose the API
    }
    const result = await this.query('vector(1)');
    return result.status === 'ok' && result.value === 1;
  }
}

function describeOutcome(r: MetricQueryResult): string {
  return 'error' in r ? r.error : r.status;
}

function describeNetworkError(err: unknown): string {
  if (axios.isAxiosError(err)) {
    if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') return `timed out (${err.message})`;
    return err.code ? `${err.code}: ${err.message}` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Providers by address + auth, so connections are reused across reconciles. */
export class PrometheusProviderCache {
  private readonly providers = new Map<string, PrometheusProvider>();

  constructor(private readonly defaults: { timeoutMs?: number } = {}) {}

  get(options: PrometheusOptions): PrometheusProvider {
    const key = cacheKey(options);
    let provider = this.providers.get(key);
    if (!provider) {
      provider = new PrometheusProvider({ timeoutMs: this.defaults.timeoutMs, ...options });
      this.providers.set(key, provider);
    }
    return provider;
  }

  get size(): number {
    return this.providers.size;
  }
}

function cacheKey(o: PrometheusOptions): string {
  // Hashed so credentials are not kept readable as map keys.
  const secret = createHash('sha256')
    .update(JSON.stringify(o.auth ?? null))
    .digest('hex');
  return `${o.address.replace(/\/+$/, '')}|${secret}|${o.insecureSkipVerify ? 1 : 0}|${o.timeoutMs ?? ''}`;
}
