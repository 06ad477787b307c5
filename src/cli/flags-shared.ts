/** Pieces the `flags` subcommands share. */
import { statusOf } from '../kube/api-error.js';
import type { Condition } from '../api/conditions.js';
import { conditionOf, num, str, type FeatureFlagObject } from './kinds.js';

export const isForbidden = (err: unknown): boolean => statusOf(err) === 403;

export interface FlagView {
  namespace: string;
  name: string;
  key: string;
  set: string;
  state: string;
  defaultVariant: string;
  /** `25%`, `25% guarded`, or undefined without a rollout. */
  rollout: string | undefined;
  /** `True`, or `False (Invalid)`. */
  ready: string | undefined;
  readyMessage: string | undefined;
  publishedTo: string | undefined;
  expires: string | undefined;
  killSwitchFired: boolean;
}

export function viewFlag(ff: FeatureFlagObject): FlagView {
  const spec = ff.spec ?? {};
  const status = ff.status ?? {};
  const conditions: Condition[] = Array.isArray(status.conditions) ? status.conditions : [];
  const ready = conditionOf(conditions, 'Ready');
  const name = ff.metadata?.name ?? '';
  const live = num(status.rollout?.percentage);
  const written = num(spec.rollout?.percentage);
  const guarded = spec.rollout?.strategy === 'guarded';
  const percentage = live ?? written;
  const published = status.publishedTo;
  return {
    namespace: ff.metadata?.namespace ?? '',
    name,
    key: str(spec.key) ?? name,
    set: str(spec.flagSet) ?? 'default',
    state: str(spec.state) ?? 'ENABLED',
    defaultVariant: str(spec.defaultVariant) ?? '',
    rollout:
      percentage === undefined
        ? guarded
          ? 'guarded'
          : undefined
        : `${percentage}%${guarded ? ' guarded' : ''}`,
    ready: ready
      ? ready.status === 'True'
        ? 'True'
        : `${ready.status}${ready.reason ? ` (${ready.reason})` : ''}`
      : undefined,
    readyMessage: ready && ready.status !== 'True' ? ready.message : undefined,
    publishedTo: published ? `${published.namespace}/${published.configMap}` : undefined,
    expires: str(spec.expires),
    killSwitchFired: status.killSwitch?.fired === true,
  };
}
