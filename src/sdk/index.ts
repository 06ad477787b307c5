/**
 * Fledge's in-process flag SDK (`fledge/sdk`): evaluates flagd flag
 * definitions as flagd does, from a mounted ConfigMap, the Kubernetes API or
 * memory, with prom-client tracking and an OpenFeature provider. Nothing here
 * depends on the operator.
 */
export { createClient, FledgeClient } from './client.js';
export type { ChangeEvent, ClientEvents, ClientOptions } from './client.js';
export { FledgeProvider } from './provider.js';
export { FlagRequestTracking, FlagTracking } from './tracking.js';
export type { TrackingOptions } from './tracking.js';
export { FlagSet, FlagConfigError } from './evaluator/flag-set.js';
export { evaluateIn } from './evaluator/evaluate.js';
export { MemorySource, memorySource } from './sources/memory.js';
export { FileSource, fileSource } from './sources/file.js';
export type { FileSourceOptions } from './sources/file.js';
export { ConfigMapSource, configMapSource } from './sources/configmap.js';
export type { ConfigMapSourceOptions } from './sources/configmap.js';
export type { FlagSource, SourceListener } from './sources/types.js';
export { SourceError } from './sources/types.js';
export { murmur3 } from './operators/murmur3.js';
export type {
  ErrorCode,
  EvaluationContext,
  FlagDefinition,
  FlagdConfig,
  FlagValue,
  FlagValueType,
  JsonValue,
  ResolutionDetails,
  ResolutionReason,
} from './types.js';
