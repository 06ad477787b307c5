/**
 * Gate webhooks (`confirm-*`): a "no" holds the rollout without counting as a
 * failure, until the gate opens or its `gateTimeout` applies `onTimeout`.
 * A gate observe did not call is closed: missing data never opens a gate.
 */
import type { DefaultedWebhook } from '../api/canary-defaults.js';
import type { GateTimeoutAction, WebhookType } from '../api/webhook.js';
import { parseDurationMs } from '../api/duration.js';
import { since, timeOf, type Ctx, type Draft } from './context.js';

export type GateState =
  | { open: true; byTimeout?: boolean }
  | { open: false; hook: DefaultedWebhook; message: string; timedOut?: 'hold' | 'abort' };

export function hooksOf(ctx: Ctx, type: WebhookType): DefaultedWebhook[] {
  return ctx.canary.spec.analysis.webhooks.filter((w) => w.type === type);
}

export function evaluateGate(ctx: Ctx, d: Draft, type: WebhookType): GateState {
  for (const hook of hooksOf(ctx, type)) {
    const result = ctx.observed.webhooks?.find((r) => r.name === hook.name);
    if (result?.allowed) continue;
    const why = result ? (result.error ?? 'said no') : 'was not called';
    const held = d.status.heldGate?.name === hook.name ? d.status.heldGate : undefined;
    const heldMs = since(ctx, held?.since) ?? 0;
    const timeoutMs = hook.gateTimeout !== undefined ? parseDurationMs(hook.gateTimeout) : undefined;
    if (timeoutMs !== undefined && timeoutMs > 0 && heldMs >= timeoutMs) {
      const action: GateTimeoutAction = hook.onTimeout ?? 'hold';
      if (action === 'promote') continue;
      return {
        open: false,
        hook,
        message: `${type} gate ${hook.name} timed out after ${hook.gateTimeout}`,
        timedOut: action,
      };
    }
    return { open: false, hook, message: `${type} gate ${hook.name} ${why}` };
  }
  return { open: true };
}

/** Records the hold so `gateTimeout` counts from its first "no", across restarts. */
export function hold(ctx: Ctx, d: Draft, gate: Extract<GateState, { open: false }>): void {
  if (d.status.heldGate?.name !== gate.hook.name)
    d.status.heldGate = { name: gate.hook.name, since: timeOf(ctx.now) };
}

export function release(d: Draft): void {
  delete d.status.heldGate;
}

/** Check webhooks (`pre-rollout`, `rollout`): each "no" is a failed check. */
export function failedHooks(ctx: Ctx, type: WebhookType): string[] {
  return hooksOf(ctx, type).flatMap((hook) => {
    const result = ctx.observed.webhooks?.find((r) => r.name === hook.name);
    if (result?.allowed) return [];
    return [`${type} webhook ${hook.name} ${result ? (result.error ?? 'said no') : 'was not called'}`];
  });
}

/** Notifications: decide asks act to POST them; their answer changes nothing. */
export function notify(ctx: Ctx, d: Draft, type: WebhookType, message: string): void {
  for (const hook of hooksOf(ctx, type)) {
    d.actions.push({ kind: 'callWebhook', hook: hook.name, type, message: `${ctx.ref}: ${message}` });
  }
}
