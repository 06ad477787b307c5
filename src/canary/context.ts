/**
 * The working state of one decision: the defaulted Canary, what was observed,
 * the clock reading, and the draft status and actions every phase module
 * writes to. Mutation stays local to one `decide()` call, which is pure.
 */
import type { DefaultedCanary } from '../api/canary-defaults.js';
import type { CanaryPhase, CanaryStatus } from '../api/canary-status.js';
import type { Condition } from '../api/conditions.js';
import { parseDurationMs } from '../api/duration.js';
import type { Action, EventType, Observed } from './types.js';

/** Poll while waiting for pods or routes; events usually wake us sooner. */
export const SHORT_REQUEUE_MS = 5_000;

export interface Ctx {
  canary: DefaultedCanary;
  observed: Observed;
  now: number;
  /** `Canary ns/name`, the prefix of every message. */
  ref: string;
  intervalMs: number;
  deadlineMs: number;
}

export interface Draft {
  status: CanaryStatus;
  actions: Action[];
  requeueAfterMs?: number | undefined;
  /** Set when this reconcile found the Canary unhealthy (Ready=False). */
  notReady?: { reason: string; message: string } | undefined;
}

export function makeCtx(canary: DefaultedCanary, observed: Observed, now: number): Ctx {
  const { namespace, name } = canary.metadata;
  return {
    canary,
    observed,
    now,
    ref: `Canary ${namespace ?? ''}/${name ?? ''}`,
    intervalMs: parseDurationMs(canary.spec.analysis.interval) ?? 60_000,
    deadlineMs: canary.spec.progressDeadlineSeconds * 1000,
  };
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function timeOf(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Milliseconds since an RFC 3339 time; undefined when there is none. */
export function since(ctx: Ctx, time: string | undefined): number | undefined {
  if (time === undefined) return undefined;
  const t = Date.parse(time);
  return Number.isNaN(t) ? undefined : ctx.now - t;
}

export function event(d: Draft, type: EventType, reason: string, message: string): void {
  d.actions.push({ kind: 'event', type, reason, message });
}

/** Moves to `phase` (stamping the transition time) and records why in an Event. */
export function enter(
  ctx: Ctx,
  d: Draft,
  phase: CanaryPhase,
  why: { type?: EventType; reason: string; message: string },
): void {
  if (d.status.phase !== phase) {
    d.status.phase = phase;
    d.status.lastTransitionTime = timeOf(ctx.now);
  }
  event(d, why.type ?? 'Normal', why.reason, `${ctx.ref}: ${why.message}`);
}

export function requeue(d: Draft, ms: number): void {
  d.requeueAfterMs = d.requeueAfterMs === undefined ? ms : Math.min(d.requeueAfterMs, ms);
}

/** Sets a condition; its transition time moves only when its status changes (metav1.Condition). */
export function setCondition(
  ctx: Ctx,
  d: Draft,
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
): void {
  const list = [...(d.status.conditions ?? [])];
  const i = list.findIndex((c) => c.type === type);
  const old = i >= 0 ? list[i] : undefined;
  const next: Condition = {
    type,
    status,
    reason,
    message,
    lastTransitionTime:
      old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : timeOf(ctx.now),
  };
  if (ctx.canary.metadata.generation !== undefined) next.observedGeneration = ctx.canary.metadata.generation;
  if (i >= 0) list[i] = next;
  else list.push(next);
  d.status.conditions = list;
}

export function getCondition(d: Draft, type: string): Condition | undefined {
  return d.status.conditions?.find((c) => c.type === type);
}

export function removeCondition(d: Draft, type: string): void {
  if (!d.status.conditions?.some((c) => c.type === type)) return;
  d.status.conditions = d.status.conditions.filter((c) => c.type !== type);
}

/** Marks the Canary unhealthy for this reconcile; a Warning Event only when the reason is new. */
export function notReady(ctx: Ctx, d: Draft, reason: string, message: string): void {
  const full = `${ctx.ref}: ${message}`;
  d.notReady = { reason, message: full };
  const old = getCondition(d, 'Ready');
  if (!(old?.status === 'False' && old.reason === reason && old.message === full))
    event(d, 'Warning', reason, full);
}

/** A deterministic FNV-1a hash (hex), for combining revision inputs without I/O. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The revision being released: the template hash, plus the tracked configs' hashes when there are any. */
export function revisionOf(observed: Observed): string {
  const entries = Object.entries(observed.trackedConfigs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return observed.target.templateHash;
  return `${observed.target.templateHash}.${fnv1a(entries.map(([k, v]) => `${k}=${v}`).join('\n'))}`;
}
