/**
 * Conditions as Kubernetes API conventions define them (metav1.Condition).
 * `lastTransitionTime` moves only when `status` changes, so it tells how long
 * a state has held; `observedGeneration` says which spec the condition judged,
 * which is what `kubectl wait`, kstatus, Argo CD and Flux read.
 */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  type: string;
  status: ConditionStatus;
  /** CamelCase machine-readable cause. */
  reason: string;
  message: string;
  observedGeneration?: number;
  /** RFC 3339 time of the last status change. */
  lastTransitionTime: string;
}

export type ConditionInput = Omit<Condition, 'lastTransitionTime'>;

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Returns a new list with `input` set. The transition time is `now` when the
 * condition is new or its status changed; otherwise the old time is kept even
 * if reason or message changed.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  input: ConditionInput,
  now: number,
): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === input.type);
  const old = i >= 0 ? list[i] : undefined;
  const next: Condition = {
    ...input,
    lastTransitionTime: old && old.status === input.status ? old.lastTransitionTime : rfc3339(now),
  };
  if (i >= 0) list[i] = next;
  else list.push(next);
  return list;
}

export function getCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return getCondition(conditions, type)?.status === 'True';
}

export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/** True when setting `input` would change nothing (lets callers skip a status write). */
export function conditionUnchanged(
  conditions: readonly Condition[] | undefined,
  input: ConditionInput,
): boolean {
  const c = getCondition(conditions, input.type);
  return (
    c !== undefined &&
    c.status === input.status &&
    c.reason === input.reason &&
    c.message === input.message &&
    c.observedGeneration === input.observedGeneration
  );
}

/** The `Ready` condition kstatus and `kubectl wait --for=condition=Ready` look for. */
export function readyCondition(
  ready: boolean,
  reason: string,
  message: string,
  generation: number | undefined,
): ConditionInput {
  return { type: 'Ready', status: ready ? 'True' : 'False', reason, message, observedGeneration: generation };
}
