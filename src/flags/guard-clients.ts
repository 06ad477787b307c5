/**
 * Binds the guard's ports to real clients: Prometheus (one provider per
 * address + auth, auth from a MetricTemplate's Secret) and the SSRF-guarded
 * webhook client for notifications. Neither throws.
 */
import type { Logger } from 'pino';
import { parseDurationMs } from '../api/duration.js';
import type { FlagNotification } from '../api/flag-rollout.js';
import type { Config } from '../config.js';
import type { KubeClient } from '../kube/client.js';
import { queryVector, type VectorResult } from '../metrics/flag-experiment.js';
import { createWebhookClient } from '../webhooks/client.js';
import { webhookPayload } from '../webhooks/payload.js';
import { MetricSources } from '../metrics/sources.js';
import { secretDataReader } from '../kube/secret-data.js';
import type { FlagQuerier } from './guard-probes.js';

export interface NotifyCall {
  flag: { name: string; namespace: string };
  checksum: string;
  webhooks: readonly FlagNotification[];
  phase: string;
  message: string;
}

export function createGuardClients(deps: { client: KubeClient; config: Config }): {
  query: FlagQuerier;
  queryVector: (query: string) => Promise<VectorResult>;
  notify: (call: NotifyCall, log: Logger) => Promise<void>;
} {
  const sources = new MetricSources({
    defaultAddress: deps.config.prometheusUrl,
    readSecret: secretDataReader(deps.client),
  });
  const webhooks = createWebhookClient();

  const query: FlagQuerier = (promql, source) => sources.query(promql, source);

  const notify = async (call: NotifyCall, log: Logger): Promise<void> => {
    await Promise.all(
      call.webhooks.map(async (hook) => {
        const payload = webhookPayload({
          canary: call.flag,
          phase: call.phase,
          checksum: call.checksum,
          type: 'event',
          metadata: hook.metadata,
          eventMessage: call.message,
        });
        const r = await webhooks.call({
          url: hook.url,
          payload,
          timeoutMs: hook.timeout !== undefined ? parseDurationMs(hook.timeout) : undefined,
          retries: hook.retries,
        });
        if (!r.allowed) log.warn({ webhook: hook.name, err: r.error }, 'flag notification webhook failed');
      }),
    );
  };

  const vector = (promql: string): Promise<VectorResult> => {
    const address = deps.config.prometheusUrl;
    if (!address)
      return Promise.resolve({ status: 'error', error: 'no Prometheus address (set --prometheus-url)' });
    return queryVector(promql, { address });
  };

  return { query, queryVector: vector, notify };
}
