/**
 * Names of Fledge's API: one place, so the CRD generator, the informers and the
 * CLI cannot disagree about a plural or a short name.
 */

export const GROUP = 'fledge.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}` as const;

export interface KindInfo {
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  categories: readonly string[];
}

export const CANARY_KIND: KindInfo = {
  kind: 'Canary',
  listKind: 'CanaryList',
  plural: 'canaries',
  singular: 'canary',
  shortNames: ['cnry'],
  categories: ['fledge'],
};

export const FEATURE_FLAG_KIND: KindInfo = {
  kind: 'FeatureFlag',
  listKind: 'FeatureFlagList',
  plural: 'featureflags',
  singular: 'featureflag',
  shortNames: ['ff'],
  categories: ['fledge'],
};

export const METRIC_TEMPLATE_KIND: KindInfo = {
  kind: 'MetricTemplate',
  listKind: 'MetricTemplateList',
  plural: 'metrictemplates',
  singular: 'metrictemplate',
  shortNames: ['mt'],
  categories: ['fledge'],
};
