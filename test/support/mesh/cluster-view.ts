import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import type { VirtualService } from './virtual-service.js';

/** A DestinationRule, reduced to what subset routing needs. */
export interface DestinationRuleView {
  namespace: string;
  name: string;
  host: string;
  subsets: Array<{ name: string; labels: Record<string, string> }>;
}

/**
 * What the simulator reads of the cluster: a snapshot interface over the
 * watch caches, so route resolution is testable with plain objects.
 */
export interface ClusterView {
  virtualService(namespace: string, name: string): VirtualService | { error: string } | undefined;
  service(namespace: string, name: string): V1Service | undefined;
  deployments(namespace: string): readonly V1Deployment[];
  destinationRules(namespace: string): readonly DestinationRuleView[];
}
