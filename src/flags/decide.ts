/**
 * decide: one FeatureFlag's status from what publishing its set did
 * (decideSet's FlagOutcome) and the clock. Pure (DESIGN.md, observe → decide
 * → act): the act step writes the status when `statusChanged` and emits the
 * events.
 *
 * - Ready=True (Published) when the current spec is what is published.
 * - Ready=False otherwise, with the field path in the message: InvalidSpec
 *   (the last good version stays published, if there is one), DuplicateKey,
 *   EvaluatorConflict, FlagSetTooLarge (nothing new was published).
 * - compiledHash/publishedTo describe what is in the ConfigMap for this flag;
 *   they are kept unchanged while the set is refused, since the ConfigMap is.
 * - expired/Stale: `spec.expires` is a date; the flag is expired from 00:00
 *   UTC that day. A requeue is asked for so Stale turns True on time.
 */
import type { FeatureFlagStatus } from '../api/feature-flag-status.js';
import { setCondition, type Condition } from '../kube/conditions.js';
import type { FlagOutcome } from './decide-set.js';
import { jsonEqual } from './json-equal.js';
import { FLAGS_KEY } from './names.js';

export { decideSet } from './decide-set.js';

export interface FlagObserved {
  namespace: string;
  configMapName: string;
  outcome: FlagOutcome;
}

export type FlagAction = { kind: 'event'; type: 'Normal' | 'Warning'; reason: string; message: string };

export interface FlagDecision {
  status: FeatureFlagStatus;
  statusChanged: boolean;
  actions: FlagAction[];
  requeueAfterMs?: number;
}

const DAY_MS = 86_400_000;

interface RawFlag {
  metadata?: { generation?: unknown };
  spec?: { expires?: unknown };
  status?: FeatureFlagStatus;
}

export function decide(flag: unknown, observed: FlagObserved, now: number): FlagDecision {
  const raw = (flag ?? {}) as RawFlag;
  const old = raw.status ?? {};
  const generation = typeof raw.metadata?.generation === 'number' ? raw.metadata.generation : undefined;
  const { outcome } = observed;
  const actions: FlagAction[] = [];

  const status: FeatureFlagStatus = { ...old };
  if (generation !== undefined) status.observedGeneration = generation;
  if (!outcome.refused) {
    if (outcome.published) {
      status.compiledHash = outcome.published.hash;
      status.publishedTo = {
        configMap: observed.configMapName,
        namespace: observed.namespace,
        key: FLAGS_KEY,
      };
    } else {
      delete status.compiledHash;
      delete status.publishedTo;
    }
  }

  const ready = readyCondition(outcome, observed, generation);
  let conditions = setCondition(old.conditions as Condition[] | undefined, ready, now);
  const previousReady = old.conditions?.find((c) => c.type === 'Ready');
  if (
    ready.status === 'False' &&
    (previousReady?.reason !== ready.reason || previousReady.message !== ready.message)
  ) {
    actions.push({ kind: 'event', type: 'Warning', reason: ready.reason, message: ready.message });
  } else if (
    ready.status === 'True' &&
    (previousReady?.status !== 'True' || old.compiledHash !== status.compiledHash)
  ) {
    actions.push({ kind: 'event', type: 'Normal', reason: ready.reason, message: ready.message });
  }

  const expires = typeof raw.spec?.expires === 'string' ? raw.spec.expires : undefined;
  const expiry = expires !== undefined ? Date.parse(`${expires}T00:00:00Z`) : Number.NaN;
  let requeueAfterMs: number | undefined;
  if (Number.isNaN(expiry)) {
    delete status.expired;
    conditions = setCondition(
      conditions,
      {
        type: 'Stale',
        status: 'False',
        reason: 'NoExpiry',
        message: 'spec.expires is not set',
        ...gen(generation),
      },
      now,
    );
  } else {
    const expired = now >= expiry;
    status.expired = expired;
    const stale = expired
      ? {
          status: 'True' as const,
          reason: 'Expired',
          message: `spec.expires ${expires} has passed: remove the flag from the code and delete it, or move spec.expires`,
        }
      : { status: 'False' as const, reason: 'NotExpired', message: `expires ${expires}` };
    if (expired && old.expired !== true)
      actions.push({ kind: 'event', type: 'Warning', reason: stale.reason, message: stale.message });
    conditions = setCondition(conditions, { type: 'Stale', ...stale, ...gen(generation) }, now);
    if (!expired) requeueAfterMs = Math.min(expiry - now, DAY_MS);
  }
  status.conditions = conditions;

  const decision: FlagDecision = {
    status,
    statusChanged: !jsonEqual(status, old),
    actions,
  };
  if (requeueAfterMs !== undefined) decision.requeueAfterMs = requeueAfterMs;
  return decision;
}

function gen(generation: number | undefined): { observedGeneration?: number } {
  return generation !== undefined ? { observedGeneration: generation } : {};
}

function readyCondition(o: FlagOutcome, observed: FlagObserved, generation: number | undefined) {
  const where = `ConfigMap ${observed.namespace}/${observed.configMapName}`;
  const base = { type: 'Ready', ...gen(generation) };
  if (o.issues.length > 0) {
    const problems = o.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    const kept = o.published
      ? `the last good version stays published in ${where}`
      : `not published in ${where} (no earlier good version)`;
    return { ...base, status: 'False' as const, reason: 'InvalidSpec', message: `${problems} (${kept})` };
  }
  if (o.refused)
    return {
      ...base,
      status: 'False' as const,
      reason: 'FlagSetTooLarge',
      message: `${o.refused}; ${where} was left as it was`,
    };
  if (o.dropped) {
    return {
      ...base,
      status: 'False' as const,
      reason: o.dropped.reason,
      message: `${o.dropped.message} (not published in ${where})`,
    };
  }
  if (o.published?.conflict !== undefined) {
    return {
      ...base,
      status: 'False' as const,
      reason: 'EvaluatorConflict',
      message: `${o.published.conflict} (the last good version stays published in ${where})`,
    };
  }
  if (!o.published)
    return {
      ...base,
      status: 'False' as const,
      reason: 'NotPublished',
      message: `not published in ${where}`,
    };
  return {
    ...base,
    status: 'True' as const,
    reason: 'Published',
    message: `published as "${o.key}" in ${where}`,
  };
}
