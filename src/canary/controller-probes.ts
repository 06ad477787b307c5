/**
 * Binds observe's probe ports to the real clients: `PrometheusProvider`s
 * (one per address + auth, reused across reconciles; auth from the
 * MetricTemplate's Secret) and the SSRF-guarded webhook client. Neither
 * throws: an outage is a status, never mistaken for success.
 */
import type { Logger } from 'pino';
import { parseDurationMs } from '../api/duration.js';
import type { Config } from '../config.js';
import type { KubeClient } from '../kube/client.js';
import { QueryValidationCache } from '../metrics/query-validation-cache.js';
import { createWebhookClient } from '../webhooks/client.js';
import { webhookPayload } from '../webhooks/payload.js';
import { MetricSources } from '../metrics/sources.js';
import { secretDataReader } from '../kube/secret-data.js';
import type { MetricQuerier, QueryValidator, WebhookCaller } from './observe-probes.js';

export function createProbeClients(deps: { client: KubeClient; config: Config; logger: Logger }): {
  query: MetricQuerier;
  callWebhook: WebhookCaller;
  validateQuery: QueryValidator;
} {
  const sources = new MetricSources({
    defaultAddress: deps.config.prometheusUrl,
    readSecret: secretDataReader(deps.client),
  });
  const validations = new QueryValidationCache();
  const webhooks = createWebhookClient();

  const query: MetricQuerier = (promql, source) => sources.query(promql, source);

  const validateQuery: QueryValidator = async (promql, source) => {
    const p = await sources.provider(source);
    if ('error' in p) return { status: 'unknown', error: p.error };
    return validations.validate(p.address, promql, (q) => p.provider.validate(q));
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
