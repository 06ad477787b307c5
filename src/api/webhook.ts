/**
 * Canary webhooks, with Flagger's meanings: gates (`confirm-*`) hold the
 * rollout while they say no, `pre-rollout`/`rollout` failures count as failed
 * checks, the rest are notifications.
 */
import { z } from 'zod';
import { uniqueBy, withRules } from './cross-field.js';
import { durationSchema, positiveDurationSchema } from './duration.js';
import { dnsLabel, intRange, stringMap } from './primitives.js';

export const WEBHOOK_TYPES = [
  'confirm-rollout',
  'pre-rollout',
  'rollout',
  'confirm-traffic-increase',
  'confirm-promotion',
  'post-rollout',
  'rollback',
  'event',
] as const;

/** Webhooks whose "no" holds the rollout instead of failing it. */
export const GATE_WEBHOOK_TYPES = [
  'confirm-rollout',
  'confirm-traffic-increase',
  'confirm-promotion',
] as const;

export const webhookTypeSchema = z.enum(WEBHOOK_TYPES, `must be one of: ${WEBHOOK_TYPES.join(', ')}`);

export const gateTimeoutActionSchema = z.enum(
  ['hold', 'abort', 'promote'],
  'must be one of: hold, abort, promote',
);

const URL_PATTERN = '^https?://[^\\s]+$';
const gateList = GATE_WEBHOOK_TYPES.map((t) => `'${t}'`).join(', ');

export const webhookSchema = withRules(
  z.strictObject({
    name: dnsLabel.describe('Name of the webhook, unique in the list.'),
    type: webhookTypeSchema.optional().describe('When it is called; defaults to rollout.'),
    url: z
      .string()
      .max(2048, 'must be at most 2048 characters')
      .regex(new RegExp(URL_PATTERN), 'must be an http:// or https:// URL')
      .describe('Where Fledge POSTs the payload.'),
    timeout: positiveDurationSchema.optional().describe('Timeout of one call; defaults to 10s.'),
    retries: intRange(0, 10).optional().describe('Extra attempts after a failed call; defaults to 0.'),
    metadata: stringMap(64).optional().describe('Sent as the payload metadata.'),
    gateTimeout: durationSchema
      .optional()
      .describe('How long a gate may hold the rollout before onTimeout applies; unset waits forever.'),
    onTimeout: gateTimeoutActionSchema
      .optional()
      .describe('What a gate does at gateTimeout; defaults to hold.'),
  }),
  [
    {
      message: `gateTimeout only applies to gates (${GATE_WEBHOOK_TYPES.join(', ')})`,
      path: ['gateTimeout'],
      check: (w) =>
        w.gateTimeout === undefined || (GATE_WEBHOOK_TYPES as readonly string[]).includes(w.type ?? ''),
      cel: `!has(self.gateTimeout) || (has(self.type) && self.type in [${gateList}])`,
    },
    {
      message: 'onTimeout needs gateTimeout',
      path: ['onTimeout'],
      check: (w) => w.onTimeout === undefined || w.gateTimeout !== undefined,
      cel: '!has(self.onTimeout) || has(self.gateTimeout)',
    },
  ],
);

export const webhooksSchema = uniqueBy(
  z.array(webhookSchema).max(32, 'must have at most 32 webhooks'),
  'name',
);

export type WebhookType = z.infer<typeof webhookTypeSchema>;
export type GateTimeoutAction = z.infer<typeof gateTimeoutActionSchema>;
export type Webhook = z.infer<typeof webhookSchema>;
