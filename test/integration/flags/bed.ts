/**
 * What the flag controller's integration tests share: a throwaway namespace
 * and the operator started in-process with only the flag controller. The
 * CRDs are applied by the bed's global setup.
 */
import { parseConfig } from '../../../src/config.js';
import type { KubeClient } from '../../../src/kube/client.js';
import type { ResourceClient } from '../../../src/kube/resource-client.js';
import { kinds } from '../../../src/kube/resource-kind.js';
import { featureFlagController } from '../../../src/flags/controller.js';
import {
  featureFlagKind,
  type ConfigMapObject,
  type FeatureFlagObject,
} from '../../../src/flags/controller-kind.js';
import { startOperator, type Operator } from '../../../src/main.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { bedKubeconfig, eventually } from '../kube/bed.js';

export { bedClient, createNamespace, deleteNamespace, eventually } from '../kube/bed.js';

export async function startFlagOperator(namespace: string): Promise<Operator> {
  const config = parseConfig(
    ['--kubeconfig', bedKubeconfig(), '-n', namespace, '--metrics-addr', '127.0.0.1:0'],
    {},
  );
  const op = await startOperator(config, { factories: [featureFlagController], logger: silentLogger() });
  await eventually(
    async () => (await fetch(`http://${op.metricsAddress}/readyz`)).status === 200,
    30_000,
    'the flag controller to be ready',
  );
  return op;
}

export const featureFlags = (c: KubeClient): ResourceClient<FeatureFlagObject> =>
  c.resources<FeatureFlagObject>(featureFlagKind);
export const configMaps = (c: KubeClient): ResourceClient<ConfigMapObject> =>
  c.resources<ConfigMapObject>(kinds.configMap);

export function boolFlag(
  namespace: string,
  name: string,
  flagSet: string,
  extra: object = {},
): FeatureFlagObject {
  return {
    apiVersion: 'fledge.dev/v1alpha1',
    kind: 'FeatureFlag',
    metadata: { name, namespace },
    spec: { flagSet, variants: { on: true, off: false }, defaultVariant: 'off', ...extra },
  };
}

export const ready = (f: FeatureFlagObject | undefined) =>
  f?.status?.conditions?.find((c) => c.type === 'Ready');
