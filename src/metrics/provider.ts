/**
 * The MetricProvider contract: one instant query, one outcome. A provider
 * never throws for what a query returns: an outage, an empty result or NaN
 * are outcomes the analysis judges (and never as a pass).
 */
import type { MetricStatus } from './analysis.js';

/** The outcome of one query; status names are the analysis judge's (`MetricStatus`). */
export type MetricQueryResult =
  | { status: 'ok'; value: number }
  /** No series: no traffic, or a selector that matches nothing. */
  | { status: 'NoData' }
  | { status: 'MultipleSeries'; count: number }
  | { status: 'NaN' }
  /** Network error, timeout, 5xx: Prometheus could not answer. */
  | { status: 'MetricsUnavailable'; error: string }
  /** 4xx: the query itself is wrong (PromQL syntax, bad parameter); `error` is Prometheus's message. */
  | { status: 'QueryError'; error: string };

// Compile-time guard: the provider's statuses are exactly the judge's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const statusesAgree: Same<MetricQueryResult['status'], MetricStatus> = true;
void statusesAgree;

export interface QueryOptions {
  /** Per-query timeout in ms; defaults to the provider's. */
  timeoutMs?: number | undefined;
  /** Evaluation time; defaults to now at the server. */
  time?: Date | undefined;
  signal?: AbortSignal | undefined;
}

export interface MetricProvider {
  /** The provider's address, for messages. */
  readonly address: string;
  query(query: string, options?: QueryOptions): Promise<MetricQueryResult>;
  /** Prometheus answers (`/-/ready`, else a `vector(1)` query). */
  isOnline(): Promise<boolean>;
}

/** A one-line description of a non-ok outcome, for status messages and logs. */
export function describeResult(result: MetricQueryResult): string {
  switch (result.status) {
    case 'ok':
      return `value ${result.value}`;
    case 'NoData':
      return 'no data';
    case 'MultipleSeries':
      return `${result.count} series, expected one`;
    case 'NaN':
      return 'NaN';
    case 'MetricsUnavailable':
    case 'QueryError':
      return result.error;
  }
}
