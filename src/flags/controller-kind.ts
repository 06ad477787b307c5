/**
 * The kinds the flag controller reads and writes, as the runtime names them,
 * and the object shapes it relies on (informer objects are plain JSON).
 */
import type { FeatureFlagStatus } from '../api/feature-flag-status.js';
import type { KubeObject } from '../kube/resource-client.js';
import { kinds } from '../kube/resource-kind.js';

export const featureFlagKind = kinds.featureFlag;

/** A FeatureFlag as the apiserver returns it; the spec is validated later, leniently read here. */
export interface FeatureFlagObject extends KubeObject {
  spec?: Record<string, unknown>;
  status?: FeatureFlagStatus;
}

export type ConfigMapObject = KubeObject & { data?: Record<string, string> };

/** Field manager of everything the flag controller writes (server-side apply owns fields by it). */
export const FLAG_FIELD_MANAGER = 'fledge-flags';
