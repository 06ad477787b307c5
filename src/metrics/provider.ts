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
  /**
   * 400 `bad_data`: Prometheus could not parse the query. Deterministic, so it
   * is bad input (the Canary reports Ready=False), not a failed check.
   */
  | { status: 'InvalidQuery'; error: string }
  /** Other 4xx (execution error, auth, bad path); `error` is Prometheus's message. */
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

/**
 * Whether a query parses. `unknown` when the server could not say (an outage):
 * that is never taken as valid or invalid, the analysis decides later.
 */
export type QueryValidation =
  { status: 'valid' } | { status: 'invalid'; error: string } | { status: 'unknown'; error: string };

export interface MetricProvider {
  /** The provider's address, for messages. */
  readonly address: string;
  query(query: string, options?: QueryOptions): Promise<MetricQueryResult>;
  /** Checks the query's syntax without judging its result. */
  validate(query: string, options?: QueryOptions): Promise<QueryValidation>;
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
    case 'InvalidQuery':
    case 'QueryError':
      return result.error;
  }
}
