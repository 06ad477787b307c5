/**
 * One `withDefaults` for every kind, picked by `kind`; the per-kind functions
 * (withCanaryDefaults, …) are the same thing with a narrower name.
 */
import { withCanaryDefaults, type DefaultedCanary } from './canary-defaults.js';
import type { Canary } from './canary.js';
import { withFeatureFlagDefaults, type DefaultedFeatureFlag } from './feature-flag-defaults.js';
import type { FeatureFlag } from './feature-flag.js';
import {
  withMetricTemplateDefaults,
  type DefaultedMetricTemplate,
  type MetricTemplate,
} from './metric-template.js';

export function withDefaults(resource: Canary): DefaultedCanary;
export function withDefaults(resource: FeatureFlag): DefaultedFeatureFlag;
export function withDefaults(resource: MetricTemplate): DefaultedMetricTemplate;
export function withDefaults(
  resource: Canary | FeatureFlag | MetricTemplate,
): DefaultedCanary | DefaultedFeatureFlag | DefaultedMetricTemplate {
  switch (resource.kind) {
    case 'Canary':
      return withCanaryDefaults(resource);
    case 'FeatureFlag':
      return withFeatureFlagDefaults(resource);
    case 'MetricTemplate':
      return withMetricTemplateDefaults(resource);
  }
}
