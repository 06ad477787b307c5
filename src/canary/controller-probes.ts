/**
 * Binds observe's probe ports to the real clients: `PrometheusProvider`s
 * (one per address + auth, reused across reconciles; auth from the
 * MetricTemplate's Secret) and the SSRF-guarded webhook client. Neither
 * throws: an outage is a status, never mistaken for success.
 */
import type { Logger } from 'pino';
import { parseDurationMs } from '../api/duration.js';
import type { Config } from '../config.js';
import { errorMessage } from '../kube/api-error.js';
import type { KubeClient } from '../kube/client.js';
import { describeResult } from '../metrics/provider.js';
import {
  authFromSecretData,
  PrometheusProviderCache,
  type PrometheusProvider,
} from '../metrics/prometheus.js';
import { QueryValidationCache } from '../metrics/query-validation-cache.js';
import { createWebhookClient } from '../webhooks/client.js';
import { webhookPayload } from '../webhooks/payload.js';
import { canaryKinds } from './controller-kinds.js';
import type { MetricQuerier, MetricSource, QueryValidator, WebhookCaller } from './observe-probes.js';
import type { ConfigObject } from './observe.js';

export function createProbeClients(deps: { client: KubeClient; config: Config; logger: Logger }): {
  query: MetricQuerier;
  callWebhook: WebhookCaller;
  validateQuery: QueryValidator;
} {
  const secrets = deps.client.resources<ConfigObject>(canaryKinds.secret);
  const providers = new PrometheusProviderCache();
  const validations = new QueryValidationCache();
  const webhooks = createWebhookClient();

  const query: MetricQuerier = async (promql, source) => {
    const address = source.address ?? deps.config.prometheusUrl;
    if (!address)
      return { status: 'MetricsUnavailable', error: 'no Prometheus address (set --prometheus-url)' };
    const provider = await providerFor(address, source);
    if ('error' in provider) return { status: 'MetricsUnavailable', error: provider.error };
    const r = await provider.query(promql);
    if (r.status === 'ok') return { status: 'ok', value: r.value };
    return { status: r.status, error: describeResult(r) };
  };

  /** The provider for a source, with auth from its Secret; an unreadable Secret is an error, not "no auth". */
  async function providerFor(
    address: string,
    source: MetricSource,
  ): Promise<PrometheusProvider | { error: string }> {
    let auth;
    if (source.secretRef && source.namespace) {
      try {
        const s = await secrets.get(source.namespace, source.secretRef.name);
        const decoded = Object.fromEntries(
          Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
        );
        auth = authFromSecretData(decoded);
      } catch (err) {
        return { error: `secretRef ${source.secretRef.name}: ${errorMessage(err)}` };
      }
    }
    return providers.get({ address, auth, insecureSkipVerify: source.insecureSkipVerify });
  }

  const validateQuery: QueryValidator = async (promql, source) => {
    const address = source.address ?? deps.config.prometheusUrl;
    if (!address) return { status: 'unknown', error: 'no Prometheus address (set --prometheus-url)' };
    const provider = await providerFor(address, source);
    if ('error' in provider) return { status: 'unknown', error: provider.error };
    return validations.validate(address, promql, (q) => provider.validate(q));
  };

  const callWebhook: WebhookCaller = async ({ canary, hook, phase, message }) => {
    const payload = webhookPayload({
      canary: { name: canary.metadata.name, namespace: canary.metadata.namespace ?? 'default' },
      phase,
      checksum: canary.status?.lastAppliedSpec ?? '',
      type: hook.type,
      metadata: hook.metadata,
      ...(message !== undefined && hook.type === 'event' ? { eventMessage: message } : {}),
    });
    const r = await webhooks.call({
      url: hook.url,
      payload,
      timeoutMs: parseDurationMs(hook.timeout),
      retries: hook.retries,
    });
    if (!r.allowed) deps.logger.debug({ hook: hook.name, err: r.error }, 'webhook said no');
    return { allowed: r.allowed, error: r.error };
  };

  return { query, callWebhook, validateQuery };
}
