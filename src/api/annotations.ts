/**
 * Annotations and condition types that are part of Fledge's API: people and
 * the CLI set the annotations, controllers act on them on the next reconcile
 * and clear them once handled.
 */

export const ANNOTATIONS = {
  /** Canary: promote the current revision now, skipping the remaining steps. */
  promote: 'fledge.dev/promote',
  /** Canary: roll the current revision back now. */
  abort: 'fledge.dev/abort',
  /**
   * Canary: hold in place (like spec.suspend, without a spec change). The
   * controller records the pause as a `Paused` condition and clears the
   * annotation; it holds until `fledge.dev/resume`.
   */
  pause: 'fledge.dev/pause',
  /** Canary: continue after a pause. */
  resume: 'fledge.dev/resume',
  /** Canary: run a rollout again for the revision that failed. */
  retry: 'fledge.dev/retry',
  /** FeatureFlag: re-arm a kill switch that fired. */
  rearm: 'fledge.dev/rearm',
} as const;

export const CONDITION_TYPES = {
  /** Every kind: the spec is valid and the controller converged on it. */
  ready: 'Ready',
  /** Canary: the last revision was promoted (False with a reason after a rollback). */
  promoted: 'Promoted',
  /** FeatureFlag: `spec.expires` is in the past. */
  stale: 'Stale',
} as const;

export type AnnotationName = (typeof ANNOTATIONS)[keyof typeof ANNOTATIONS];
export type ConditionType = (typeof CONDITION_TYPES)[keyof typeof CONDITION_TYPES];
