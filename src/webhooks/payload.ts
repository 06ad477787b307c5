/**
 * The body Fledge POSTs to a webhook: Flagger's payload, so the hooks people
 * already run (load testers, approval gates, notifiers) work unchanged.
 */
import type { WebhookType } from '../api/webhook.js';

export interface WebhookPayload {
  name: string;
  namespace: string;
  /** The Canary's phase when the hook is called. */
  phase: string;
  /** The revision (template hash) under analysis. */
  checksum: string;
  type: WebhookType;
  metadata?: Record<string, string>;
}

export interface PayloadInput {
  canary: { name: string; namespace: string };
  phase: string;
  checksum: string;
  type: WebhookType;
  metadata?: Readonly<Record<string, string>> | undefined;
  /** For `event` hooks: the event message, sent as `metadata.eventMessage` as Flagger does. */
  eventMessage?: string | undefined;
  eventType?: string | undefined;
}

export function webhookPayload(input: PayloadInput): WebhookPayload {
  const metadata: Record<string, string> = { ...input.metadata };
  if (input.eventMessage !== undefined) metadata['eventMessage'] = input.eventMessage;
  if (input.eventType !== undefined) metadata['eventType'] = input.eventType;
  return {
    name: input.canary.name,
    namespace: input.canary.namespace,
    phase: input.phase,
    checksum: input.checksum,
    type: input.type,
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}
