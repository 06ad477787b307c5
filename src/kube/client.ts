import {
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import { FledgeError } from '../api/errors.js';
import { errorMessage } from './api-error.js';
import { ResourceClient, type KubeObject } from './resource-client.js';
import type { ResourceKind } from './resource-kind.js';
import { RestClient } from './rest.js';

/**
 * Loads the kubeconfig the way kubectl does: an explicit path wins, then
 * $KUBECONFIG, then ~/.kube/config, then the in-cluster service account.
 */
export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (path) kc.loadFromFile(path);
    else kc.loadFromDefault();
  } catch (err) {
    throw new FledgeError('KubeConfig', `kubeconfig ${path ?? '(default)'}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
  if (!kc.getCurrentCluster()) {
    throw new FledgeError(
      'KubeConfig',
      `kubeconfig ${path ?? '(default)'}: no current cluster (set --kubeconfig or KUBECONFIG)`,
    );
  }
  return kc;
}

/** One connection to one cluster: the generic REST client plus the generated typed clients. */
export interface KubeClient {
  kubeConfig: KubeConfig;
  rest: RestClient;
  core: CoreV1Api;
  apps: AppsV1Api;
  coordination: CoordinationV1Api;
  customObjects: CustomObjectsApi;
  /** A generic client for any kind (`resources<Canary>(canaryKind)`). */
  resources<T extends KubeObject = KubeObject>(kind: ResourceKind): ResourceClient<T>;
  close(): void;
}

export function createKubeClient(kubeConfig: KubeConfig): KubeClient {
  const rest = new RestClient(kubeConfig);
  return {
    kubeConfig,
    rest,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    coordination: kubeConfig.makeApiClient(CoordinationV1Api),
    customObjects: kubeConfig.makeApiClient(CustomObjectsApi),
    resources: <T extends KubeObject>(kind: ResourceKind) => new ResourceClient<T>(rest, kind),
    close: () => rest.close(),
  };
}
