/**
 * Where a check's query goes and how it authenticates: the operator's
 * default Prometheus unless a MetricTemplate names one, with auth read from
 * the template's Secret. One provider per address + auth, reused. Shared by
 * the canary probes and the flag guard; never throws (an outage or an
 * unreadable Secret is a status, never mistaken for success).
 */
import type { MetricStatus } from './analysis.js';
import { authFromSecretData, PrometheusProviderCache, type PrometheusProvider } from './prometheus.js';
import { describeResult } from './provider.js';

export interface MetricSource {
  address?: string | undefined;
  /** Namespace of the MetricTemplate, where its `secretRef` lives. */
  namespace?: string | undefined;
  secretRef?: { name: string } | undefined;
  insecureSkipVerify?: boolean | undefined;
}

export type QueryOutcome = { status: MetricStatus; value?: number | undefined; error?: string | undefined };

/** A Secret's data, base64-decoded; rejects when it cannot be read. */
export type SecretReader = (namespace: string, name: string) => Promise<Record<string, string>>;

export class MetricSources {
  private readonly providers = new PrometheusProviderCache();

  constructor(private readonly deps: { defaultAddress?: string | undefined; readSecret: SecretReader }) {}

  /** The provider for a source; an unreadable Secret is an error, not "no auth". */
  async provider(
    source: MetricSource,
  ): Promise<{ address: string; provider: PrometheusProvider } | { error: string }> {
    const address = source.address ?? this.deps.defaultAddress;
    if (!address) return { error: 'no Prometheus address (set --prometheus-url)' };
    let auth;
    if (source.secretRef && source.namespace) {
      try {
        auth = authFromSecretData(await this.deps.readSecret(source.namespace, source.secretRef.name));
      } catch (err) {
        return {
          error: `secretRef ${source.secretRef.name}: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
    }
    return {
      address,
      provider: this.providers.get({ address, auth, insecureSkipVerify: source.insecureSkipVerify }),
    };
  }

  /** One instant query: `ok` with a value, or the status and why. */
  async query(promql: string, source: MetricSource): Promise<QueryOutcome> {
    const p = await this.provider(source);
    if ('error' in p) return { status: 'MetricsUnavailable', error: p.error };
    const r = await p.provider.query(promql);
    if (r.status === 'ok') return { status: 'ok', value: r.value };
    return { status: r.status, error: describeResult(r) };
  }
}
