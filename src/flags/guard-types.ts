/** What the guard (guarded rollout + kill switch) decides, for act to carry out. */
import type { FlagNotification } from '../api/flag-rollout.js';

export type GuardAction =
  | { kind: 'event'; type: 'Normal' | 'Warning'; reason: string; message: string }
  /** POST a Flagger-style `event` payload to each webhook. */
  | { kind: 'notify'; webhooks: readonly FlagNotification[]; phase: string; message: string };

/** Milliseconds until the next round is due; undefined when nothing waits on the clock. */
export type Requeue = number | undefined;

export function minRequeue(a: Requeue, b: Requeue): Requeue {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** Status times with milliseconds: a rollback and the SDK seeing it are compared to the second. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function msOf(time: string | undefined): number | undefined {
  if (time === undefined) return undefined;
  const t = Date.parse(time);
  return Number.isNaN(t) ? undefined : t;
}
