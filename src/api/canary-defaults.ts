/**
 * Every default of a Canary, in one place. `withCanaryDefaults` is pure and
 * idempotent; controllers call it once and then never write `?? 5`.
 */
import type { CanaryAnalysis, CanaryMetricCheck, Doubling } from './canary-analysis.js';
import type { CanaryService } from './canary-service.js';
import type { Canary, CanarySpec, TargetRef } from './canary.js';
import type { Webhook } from './webhook.js';

export const CANARY_DEFAULTS = {
  progressDeadlineSeconds: 600,
  skipAnalysis: false,
  suspend: false,
  revertOnDeletion: false,
  portName: 'http',
  portDiscovery: false,
  interval: '1m',
  threshold: 5,
  stepWeight: 10,
  maxWeight: 50,
  doublingInitialWeight: 1,
  doublingMinSampleSize: 1000,
  minRequests: 20,
  noDataTimeout: '10m',
  historyLimit: 20,
  webhookType: 'rollout',
  webhookTimeout: '10s',
  webhookRetries: 0,
  onTimeout: 'hold',
} as const;

/** T with the keys K present and defined. */
type WithRequired<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> };

export type DefaultedMetricCheck = WithRequired<CanaryMetricCheck, 'interval' | 'dryRun'>;
export type DefaultedWebhook = WithRequired<Webhook, 'type' | 'timeout' | 'retries' | 'metadata'>;
export type DefaultedCanaryAnalysis = Omit<
  WithRequired<CanaryAnalysis, 'interval' | 'threshold' | 'minRequests' | 'noDataTimeout' | 'historyLimit'>,
  'metrics' | 'webhooks' | 'doubling'
> & {
  metrics: DefaultedMetricCheck[];
  webhooks: DefaultedWebhook[];
  doubling?: Required<Doubling>;
};
export type DefaultedCanaryService = WithRequired<
  CanaryService,
  'name' | 'targetPort' | 'portName' | 'portDiscovery'
>;
export type DefaultedCanarySpec = Omit<
  WithRequired<CanarySpec, 'progressDeadlineSeconds' | 'skipAnalysis' | 'suspend' | 'revertOnDeletion'>,
  'targetRef' | 'service' | 'analysis'
> & {
  targetRef: Required<TargetRef>;
  service: DefaultedCanaryService;
  analysis: DefaultedCanaryAnalysis;
};
export type DefaultedCanary = Omit<Canary, 'spec'> & { spec: DefaultedCanarySpec };

export function withCanaryDefaults(canary: Canary): DefaultedCanary {
  const d = CANARY_DEFAULTS;
  const spec = canary.spec;
  return {
    ...canary,
    spec: {
      ...spec,
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', ...spec.targetRef },
      progressDeadlineSeconds: spec.progressDeadlineSeconds ?? d.progressDeadlineSeconds,
      skipAnalysis: spec.skipAnalysis ?? d.skipAnalysis,
      suspend: spec.suspend ?? d.suspend,
      revertOnDeletion: spec.revertOnDeletion ?? d.revertOnDeletion,
      service: {
        ...spec.service,
        // Flagger's convention: the apex Service is named after the target.
        name: spec.service.name ?? spec.targetRef.name,
        targetPort: spec.service.targetPort ?? spec.service.port,
        portName: spec.service.portName ?? d.portName,
        portDiscovery: spec.service.portDiscovery ?? d.portDiscovery,
      },
      analysis: analysisDefaults(spec.analysis ?? {}, canary.metadata.namespace),
    },
  };
}

function analysisDefaults(analysis: CanaryAnalysis, namespace: string | undefined): DefaultedCanaryAnalysis {
  const d = CANARY_DEFAULTS;
  const interval = analysis.interval ?? d.interval;
  const { doubling, ...rest } = analysis;
  const out: DefaultedCanaryAnalysis = {
    ...rest,
    interval,
    threshold: analysis.threshold ?? d.threshold,
    minRequests: analysis.minRequests ?? d.minRequests,
    noDataTimeout: analysis.noDataTimeout ?? d.noDataTimeout,
    historyLimit: analysis.historyLimit ?? d.historyLimit,
    metrics: (analysis.metrics ?? []).map((m) => ({
      ...m,
      ...(m.templateRef && m.templateRef.namespace === undefined && namespace !== undefined
        ? { templateRef: { ...m.templateRef, namespace } }
        : {}),
      interval: m.interval ?? interval,
      dryRun: m.dryRun ?? false,
    })),
    webhooks: (analysis.webhooks ?? []).map((w) => ({
      ...w,
      type: w.type ?? d.webhookType,
      timeout: w.timeout ?? d.webhookTimeout,
      retries: w.retries ?? d.webhookRetries,
      metadata: w.metadata ?? {},
      ...(w.gateTimeout !== undefined ? { onTimeout: w.onTimeout ?? d.onTimeout } : {}),
    })),
  };
  if (doubling) {
    out.doubling = {
      initialWeight: doubling.initialWeight ?? d.doublingInitialWeight,
      minSampleSize: doubling.minSampleSize ?? d.doublingMinSampleSize,
    };
  }
  const linear =
    analysis.stepWeights === undefined && doubling === undefined && analysis.iterations === undefined;
  // The default step never overshoots a smaller maxWeight: `maxWeight: 5` alone
  // means one step to 5, not a spec that defaulting made invalid.
  if (linear)
    out.stepWeight = analysis.stepWeight ?? Math.min(d.stepWeight, analysis.maxWeight ?? d.stepWeight);
  // A default maxWeight below the first step would make a valid spec invalid.
  const firstStep = out.stepWeight ?? out.doubling?.initialWeight;
  if (firstStep !== undefined) out.maxWeight = analysis.maxWeight ?? Math.max(d.maxWeight, firstStep);
  return out;
}
