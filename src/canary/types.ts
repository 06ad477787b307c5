/**
 * The contract between the three steps of the canary controller:
 * observe fills an `Observed`, decide turns it into a `Decision`, act applies
 * the decision's actions in order and then writes its status.
 */
import type { ObservedRoutes } from '../routing/types.js';
import { ANNOTATIONS as API_ANNOTATIONS } from '../api/annotations.js';
import type { CanaryStatus } from '../api/canary-status.js';
import type { HttpMatchRequest } from '../api/istio.js';
import type { WebhookType } from '../api/webhook.js';
import type { MetricResult, SampleCount } from '../metrics/analysis.js';

/**
 * Annotations a person (or the `fledge` CLI) sets to steer a rollout; cleared
 * once handled. The names are Fledge API and live in src/api/annotations.ts.
 */
export const ANNOTATIONS = {
  promote: API_ANNOTATIONS.promote,
  abort: API_ANNOTATIONS.abort,
  pause: API_ANNOTATIONS.pause,
  resume: API_ANNOTATIONS.resume,
  retry: API_ANNOTATIONS.retry,
} as const;

export type ManualCommand = keyof typeof ANNOTATIONS;

/** A Deployment as decide needs to see it. */
export interface WorkloadSummary {
  exists: boolean;
  /** Desired replicas (spec.replicas). */
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  updatedReplicas: number;
  generation: number;
  observedGeneration: number;
  /**
   * Rolled out and serving: the controller saw the latest spec, every replica is
   * updated and available, and at least one exists. Observe computes it so the
   * rule lives in one place (`isRolledOut` in the kube layer).
   */
  ready: boolean;
}

export interface TargetSummary extends WorkloadSummary {
  /** Hash of the normalised pod template (defaults the apiserver fills in excluded). */
  templateHash: string;
}

export interface PrimarySummary extends WorkloadSummary {
  /** The revision hash act stamped on the primary when it copied a template to it. */
  revision?: string | undefined;
}

/** The VirtualService as read back after the last write (the router's own type). */
export type RoutingObserved = ObservedRoutes;

export type { MetricResult, MetricStatus, SampleCount } from '../metrics/analysis.js';

/** One gate or check webhook that observe called this reconcile. */
export interface WebhookResult {
  name: string;
  type: WebhookType;
  /** HTTP 2xx; anything else (timeout, refused URL, 4xx/5xx) is a no. */
  allowed: boolean;
  error?: string | undefined;
}

/** Something the Canary names that does not exist; `path` is the spec field. */
export interface MissingReference {
  kind: string;
  name: string;
  path: string;
}

/**
 * Something in the spec that only the world can refute (a query Prometheus
 * cannot parse, a port the Services cannot expose); `path` is the spec field.
 */
export interface SpecProblem {
  /** CamelCase condition reason: InvalidQuery, PortConflict. */
  reason: string;
  path: string;
  message: string;
}

/**
 * An immutable snapshot of the world for one reconcile. Observe fills only what
 * `probes()` asks for (metrics and webhooks are I/O that only some phases need).
 */
export interface Observed {
  target: TargetSummary;
  primary: PrimarySummary;
  /** Primary Deployment, the three Services, VirtualService and DestinationRules all exist and match the spec. */
  bootstrapped: boolean;
  /** ConfigMaps and Secrets the target's template references ("configmap/name") → content hash. */
  trackedConfigs: Readonly<Record<string, string>>;
  routing: RoutingObserved;
  /** Results of the analysis checks, one per `spec.analysis.metrics` entry, when `probes().metrics`. */
  metrics?: readonly MetricResult[] | undefined;
  /** Canary requests in the analysis window (for `minRequests`). */
  windowRequests?: SampleCount | undefined;
  /** Canary requests since `status.stepStartedAt` (for doubling's `minSampleSize`). */
  stepRequests?: SampleCount | undefined;
  /** Results of the webhooks `probes().webhooks` listed. */
  webhooks?: readonly WebhookResult[] | undefined;
  /** Referenced objects that are missing (target Deployment, MetricTemplates, …). */
  missing: readonly MissingReference[];
  /** Spec fields the world refutes; like `missing`, decide reports them and touches nothing. */
  invalid?: readonly SpecProblem[] | undefined;
}

/** The routes decide wants; weights always sum to 100. */
export interface Routes {
  primary: number;
  canary: number;
  /** A/B: requests matching any block go 100 % to the canary. */
  match?: HttpMatchRequest[] | undefined;
  /** Blue/green: mirror this percentage of primary traffic to the canary. */
  mirrorWeight?: number | undefined;
}

export type EventType = 'Normal' | 'Warning';

/**
 * What act must do, in order. Each action is idempotent: a crash between two
 * actions is repaired by the next reconcile, which decides again from status.
 */
export type Action =
  /**
   * Create what is missing of: the primary Deployment (a copy of the target
   * stamped with `revision`, plus `-primary` copies of tracked configs), the
   * three Services, the VirtualService (100 % primary when created) and the
   * DestinationRules, all owned by the Canary; repair drift in fields Fledge
   * owns. Never changes an existing primary's template (promoteTemplate does)
   * nor the weights of an existing VirtualService (setRoutes does).
   */
  | { kind: 'bootstrap'; revision: string }
  /** Patch the VirtualService's weighted route (and A/B match / mirror), then read it back. */
  | ({ kind: 'setRoutes' } & Routes)
  /** Scale the target: a number, or 'restore' = the replicas it had (HPA min / last known / 1). */
  | { kind: 'scaleTarget'; replicas: number | 'restore' }
  /** Copy the target's template (and `-primary` copies of tracked configs) to the primary, stamping `revision`. */
  | { kind: 'promoteTemplate'; revision: string }
  /** Write `-primary` copies of the tracked ConfigMaps/Secrets. Emitted before promoteTemplate. */
  | { kind: 'copyTrackedConfigs' }
  /** POST the named webhook (a notification: its answer changes nothing). */
  | { kind: 'callWebhook'; hook: string; type: WebhookType; message: string }
  /** A Kubernetes Event on the Canary (act also forwards it to `event` webhooks). */
  | { kind: 'event'; type: EventType; reason: string; message: string }
  /** Remove a handled manual annotation. */
  | { kind: 'clearAnnotation'; annotation: string }
  /** Deletion: remove the finalizer (owned objects go with ownerReferences). */
  | { kind: 'finalize' };

export type ActionKind = Action['kind'];

export interface Decision {
  status: CanaryStatus;
  actions: Action[];
  requeueAfterMs?: number | undefined;
}
