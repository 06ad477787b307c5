/** The kinds the canary controller reads and writes, named as the REST API names them. */
import { API_VERSION } from '../api/group.js';
import { kinds } from '../kube/resource-kind.js';

export const canaryKinds = {
  canary: kinds.canary,
  metricTemplate: kinds.metricTemplate,
  deployment: kinds.deployment,
  service: kinds.service,
  configMap: kinds.configMap,
  secret: kinds.secret,
  hpa: kinds.hpa,
} as const;

export const CANARY_API_VERSION = API_VERSION;
