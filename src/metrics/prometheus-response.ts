/**
 * Parsing of Prometheus' `/api/v1/query` answers into a MetricQueryResult.
 * Pure, so recorded bodies can be tested without a server.
 */
import type { MetricQueryResult } from './provider.js';

type Sample = [number, string];

interface QueryBody {
  status?: string;
  errorType?: string;
  error?: string;
  data?: { resultType?: string; result?: unknown };
}

/** Parses a successful (HTTP 200) body. */
export function parseQueryBody(body: unknown): MetricQueryResult {
  const b = (body ?? {}) as QueryBody;
  if (b.status !== 'success') {
    return { status: 'QueryError', error: b.error ?? `unexpected answer: ${preview(body)}` };
  }
  const data = b.data ?? {};
  switch (data.resultType) {
    case 'scalar':
      return fromSample(data.result);
    case 'vector': {
      const series = Array.isArray(data.result) ? (data.result as { value?: unknown }[]) : [];
      if (series.length === 0) return { status: 'NoData' };
      if (series.length > 1) return { status: 'MultipleSeries', count: series.length };
      return fromSample(series[0]?.value);
    }
    case 'matrix':
      return {
        status: 'QueryError',
        error: 'query returned a range vector; wrap it in a function such as rate()',
      };
    case 'string':
      return { status: 'QueryError', error: 'query returned a string, expected a number' };
    default:
      return { status: 'QueryError', error: `unexpected result type ${String(data.resultType)}` };
  }
}

function fromSample(sample: unknown): MetricQueryResult {
  if (!Array.isArray(sample) || sample.length !== 2) {
    return { status: 'QueryError', error: `malformed sample ${preview(sample)}` };
  }
  const text = (sample as Sample)[1];
  // Prometheus encodes specials as strings: "NaN", "+Inf", "-Inf".
  const value = Number(text === '+Inf' ? 'Infinity' : text === '-Inf' ? '-Infinity' : text);
  if (Number.isNaN(value)) return { status: 'NaN' };
  return { status: 'ok', value };
}

/**
 * Classifies a non-200 answer: 400 `bad_data` is a query that does not parse
 * (InvalidQuery); other 4xx (422 execution error, 401, 404) are the query's or
 * the address's fault (QueryError), with Prometheus' own message; 5xx, 408 and
 * 429 are an outage.
 */
export function classifyHttpError(status: number, body: unknown): MetricQueryResult {
  const b = (body ?? {}) as QueryBody;
  const message = b.error
    ? `${b.errorType ? `${b.errorType}: ` : ''}${b.error}`
    : `HTTP ${status}${body ? `: ${preview(body)}` : ''}`;
  if (status === 400 && b.errorType === 'bad_data') return { status: 'InvalidQuery', error: message };
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return { status: 'QueryError', error: message };
  }
  return { status: 'MetricsUnavailable', error: `HTTP ${status}: ${message}` };
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (text ?? String(value)).slice(0, 200);
}
