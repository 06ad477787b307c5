/**
 * The per-variant counters of an experiment, read from Prometheus: exposures
 * (`fledge_flag_exposures_total`) and conversions per tracked event
 * (`fledge_flag_conversions_total`), as the SDK exports them.
 *
 * Totals since the experiment started: `last_over_time` over the window
 * from the flag's creation, summed over series, so a pod that went away
 * still counts with what it last reported and a replacement pod (new series)
 * adds its own. A container restarted in place (same series) resets: its
 * earlier counts drop out.
 */
import https from 'node:https';
import axios from 'axios';
import { formatDurationMs } from '../api/duration.js';
import { escapeLabel } from './builtin.js';
import { classifyHttpError } from './prometheus-response.js';
import type { PrometheusAuth } from './prometheus.js';

export interface ExperimentWindow {
  namespace: string;
  flag: string;
  /** Since the experiment started, in ms (at least one second). */
  sinceMs: number;
}

export function exposuresQuery(w: ExperimentWindow): string {
  return `sum by (variant) (last_over_time(fledge_flag_exposures_total{${sel(w)}}[${range(w)}]))`;
}

export function conversionsQuery(w: ExperimentWindow): string {
  return `sum by (variant, event) (last_over_time(fledge_flag_conversions_total{${sel(w)}}[${range(w)}]))`;
}

function sel(w: ExperimentWindow): string {
  return `namespace="${escapeLabel(w.namespace)}",flag="${escapeLabel(w.flag)}"`;
}

function range(w: ExperimentWindow): string {
  return formatDurationMs(Math.max(1000, Math.floor(w.sinceMs / 1000) * 1000));
}

export interface Series {
  labels: Record<string, string>;
  value: number;
}

export type VectorResult = { status: 'ok'; series: Series[] } | { status: 'error'; error: string };

/** Parses an HTTP 200 `/api/v1/query` body holding an instant vector. */
export function parseVectorBody(body: unknown): VectorResult {
  const b = (body ?? {}) as {
    status?: string;
    error?: string;
    data?: { resultType?: string; result?: unknown };
  };
  if (b.status !== 'success') return { status: 'error', error: b.error ?? 'unexpected answer' };
  if (b.data?.resultType !== 'vector' || !Array.isArray(b.data.result))
    return { status: 'error', error: `expected a vector, got ${String(b.data?.resultType)}` };
  const series: Series[] = [];
  for (const s of b.data.result as { metric?: Record<string, string>; value?: [number, string] }[]) {
    const value = Number(s.value?.[1]);
    if (!Number.isFinite(value)) continue;
    series.push({ labels: s.metric ?? {}, value });
  }
  return { status: 'ok', series };
}

export interface VectorQueryOptions {
  address: string;
  auth?: PrometheusAuth;
  insecureSkipVerify?: boolean | undefined;
  timeoutMs?: number;
}

/** One instant vector query; never throws (an outage is an `error` result). */
export async function queryVector(query: string, o: VectorQueryOptions): Promise<VectorResult> {
  const auth = o.auth;
  try {
    const res = await axios.post(
      `${o.address.replace(/\/+$/, '')}/api/v1/query`,
      new URLSearchParams({ query }),
      {
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          ...(auth && 'token' in auth ? { Authorization: `Bearer ${auth.token}` } : {}),
        },
        ...(auth && 'username' in auth ? { auth: { username: auth.username, password: auth.password } } : {}),
        ...(o.insecureSkipVerify ? { httpsAgent: new https.Agent({ rejectUnauthorized: false }) } : {}),
        timeout: o.timeoutMs ?? 10_000,
        validateStatus: () => true,
        maxRedirects: 0,
      },
    );
    if (res.status === 200) return parseVectorBody(res.data);
    const r = classifyHttpError(res.status, res.data);
    return { status: 'error', error: 'error' in r ? r.error : r.status };
  } catch (err) {
    return {
      status: 'error',
      error: `Prometheus ${o.address}: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}
