/**
 * Metadata on every object Fledge creates for a Canary, so GitOps tools and
 * people can tell generated objects from the ones in Git: the recommended
 * `managed-by` label, the owning Canary, and Argo CD annotations that keep a
 * generated object from marking the Application OutOfSync or being pruned
 * (its lifetime follows the Canary's through the ownerReference).
 */

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'fledge';
/** The Canary an object was created for (also the Services informer's selector). */
export const CANARY_LABEL = 'fledge.dev/canary';

export const ARGOCD_COMPARE_OPTIONS = 'argocd.argoproj.io/compare-options';
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

export function managedLabels(canaryName: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY, [CANARY_LABEL]: canaryName };
}

export function managedAnnotations(): Record<string, string> {
  return { [ARGOCD_COMPARE_OPTIONS]: 'IgnoreExtraneous', [ARGOCD_SYNC_OPTIONS]: 'Prune=false' };
}
