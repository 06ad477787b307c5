/**
 * `Canary.status`: everything a reconcile needs to resume after a restart
 * (progress lives here, never in memory), and what people read to see why.
 */
import { z } from 'zod';
import { conditionsSchema } from './conditions.js';
import { metricMeasurementsSchema } from './metric-check.js';
import { dnsLabel, intRange, timeSchema } from './primitives.js';

/** Where a Canary is in its life. */
export type CanaryPhase =
  /** Creating the primary, Services, VirtualService and DestinationRules. */
  | 'Initializing'
  /** Bootstrap done: 100 % on the primary, target scaled to 0; waiting for a new revision. */
  | 'Initialized'
  /** A new revision was seen but a `confirm-rollout` gate holds it. */
  | 'Waiting'
  /** Analysis running; the canary weight moves step by step. */
  | 'Progressing'
  /** The last step passed; a `confirm-promotion` gate holds promotion. */
  | 'WaitingPromotion'
  /** Copying the canary's template (and tracked configs) to the primary; waiting for its rollout. */
  | 'Promoting'
  /** Routing 100 % to the (now new) primary and scaling the target to 0. */
  | 'Finalising'
  /** The revision is promoted. */
  | 'Succeeded'
  /** Rolled back (failed checks, no data, deadline, abort); the revision is not retried unless asked. */
  | 'Failed'
  /** The Canary is being deleted; reverting first with `revertOnDeletion`. */
  | 'Terminating';

export const CANARY_PHASES = [
  'Initializing',
  'Initialized',
  'Waiting',
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
  'Succeeded',
  'Failed',
  'Terminating',
] as const satisfies readonly CanaryPhase[];

// Fails to compile when a phase is added to the type but not to the list.
const everyPhaseListed: Exclude<CanaryPhase, (typeof CANARY_PHASES)[number]> extends never ? true : false =
  true;
void everyPhaseListed;

export const canaryPhaseSchema = z.enum(CANARY_PHASES, `must be one of: ${CANARY_PHASES.join(', ')}`);

/** A gate webhook that is currently holding the rollout, for `gateTimeout`. */
export const heldGateSchema = z.strictObject({
  name: dnsLabel.describe('Webhook name.'),
  since: timeSchema.describe('When it first said no in this hold.'),
});

export const canaryStatusSchema = z.strictObject({
  phase: canaryPhaseSchema.optional(),
  canaryWeight: intRange(0, 100).optional().describe('Percentage of traffic on the canary.'),
  failedChecks: z.int().min(0).optional().describe('Failed checks in the current analysis.'),
  iterations: z.int().min(0).optional().describe('Intervals analysed in the current A/B or blue/green run.'),
  lastAppliedSpec: z
    .string()
    .max(256)
    .optional()
    .describe('Hash of the normalised target pod template (and tracked configs) being or last rolled out.'),
  lastPromotedSpec: z.string().max(256).optional().describe('Hash of the revision the primary runs.'),
  trackedConfigs: z
    .record(z.string().max(512), z.string().max(256))
    .optional()
    .describe(
      'ConfigMaps and Secrets the template references ("configmap/name", "secret/name") → content hash.',
    ),
  lastTransitionTime: timeSchema.optional().describe('When phase last changed.'),
  observedGeneration: z.int().min(0).optional(),
  conditions: conditionsSchema.optional(),
  metrics: metricMeasurementsSchema
    .optional()
    .describe('Last measurements, oldest first, at most analysis.historyLimit per check.'),
  lastAnalysisTime: timeSchema
    .optional()
    .describe('When the checks last ran; paces intervals across restarts.'),
  stepStartedAt: timeSchema
    .optional()
    .describe('When the current weight was set (doubling counts samples from here).'),
  noDataSince: timeSchema
    .optional()
    .describe('Start of the current run of NoData checks, for noDataTimeout.'),
  heldGate: heldGateSchema.optional(),
  retriedRevision: z
    .string()
    .max(256)
    .optional()
    .describe('Revision hash a fledge.dev/retry annotation restarted, so it is handled once.'),
});

export type HeldGate = z.infer<typeof heldGateSchema>;
export type CanaryStatus = z.infer<typeof canaryStatusSchema>;
