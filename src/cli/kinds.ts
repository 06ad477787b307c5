/**
 * The kinds the CLI reads and writes, and the loose object shapes it reads
 * them as: the CLI shows what the cluster holds, even a spec the current
 * schemas would reject (an older or newer controller may have written it).
 */
import type { Condition } from '../api/conditions.js';
import type { CanaryStatus } from '../api/canary-status.js';
import type { FeatureFlagStatus } from '../api/feature-flag-status.js';
import type { KubeObject } from '../kube/resource-client.js';
import { kinds } from '../kube/resource-kind.js';

export const canaryKind = kinds.canary;
export const featureFlagKind = kinds.featureFlag;

export interface CanaryObject extends KubeObject {
  spec?: {
    targetRef?: { name?: unknown };
    suspend?: unknown;
    skipAnalysis?: unknown;
    analysis?: {
      maxWeight?: unknown;
      stepWeight?: unknown;
      stepWeights?: unknown;
      iterations?: unknown;
      threshold?: unknown;
      doubling?: unknown;
    };
  };
  status?: Partial<CanaryStatus>;
}

export interface FeatureFlagObject extends KubeObject {
  spec?: {
    key?: unknown;
    flagSet?: unknown;
    state?: unknown;
    variants?: unknown;
    defaultVariant?: unknown;
    rules?: unknown;
    rollout?: { percentage?: unknown; strategy?: unknown; variant?: unknown };
    targeting?: unknown;
    owner?: unknown;
    expires?: unknown;
    type?: unknown;
    description?: unknown;
  } & Record<string, unknown>;
  status?: Partial<FeatureFlagStatus>;
}

export function conditionOf(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
