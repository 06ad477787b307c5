// Package entry (`import … from 'fledge'`): the controller runtime, for
// controllers inside Fledge and for anyone embedding it. The SDK for
// workloads is the separate `fledge/sdk` entry.
export * from './api/errors.js';
export { parseConfig, ConfigError, type Config } from './config.js';
export { startOperator, controllerFactories, type Operator } from './main.js';
export * from './kube/api-error.js';
export { realClock, sleep, type Clock, type TimerHandle } from './kube/clock.js';
export { createKubeClient, loadKubeConfig, type KubeClient } from './kube/client.js';
export * from './kube/conditions.js';
export {
  Controller,
  type ControllerOptions,
  type Reconciler,
  type ReconcileResult,
} from './kube/controller.js';
export { EventRecorder, microTime, type EventType, type KubeEvent } from './kube/events.js';
export * from './kube/finalizers.js';
export { Informer, type InformerHandlers, type InformerOptions, type ListWatcher } from './kube/informer.js';
export { InformerFactory } from './kube/informer-factory.js';
export { LeaderElector, type LeaderElectionOptions, type Lease } from './kube/leader-election.js';
export { Manager, type ControllerContext, type ControllerFactory } from './kube/manager.js';
export { ObjectCache, keyOf, splitKey } from './kube/object-cache.js';
export * from './kube/owners.js';
export * from './kube/patch.js';
export * from './kube/resource-client.js';
export * from './kube/resource-kind.js';
export { RestClient, type RestRequest, type WatchStream } from './kube/rest.js';
export * from './kube/status.js';
export { WorkQueue, type QueueMetrics, type WorkQueueOptions } from './kube/work-queue.js';
export { ItemBackoff, TokenBucket } from './kube/rate-limiter.js';
export { createLogger, silentLogger, type Logger, type LogLevel } from './observability/logger.js';
export { createMetrics, queueMetrics, type RuntimeMetrics } from './observability/metrics.js';
export {
  startObservabilityServer,
  parseAddr,
  type Check,
  type ObservabilityServer,
} from './observability/server.js';
