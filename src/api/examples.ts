/**
 * Valid example resources, reused by tests, docs and other parts of Fledge.
 * Each is a fresh object on every call, so callers can mutate it freely.
 */
import type { Canary } from './canary.js';
import type { FeatureFlag } from './feature-flag.js';
import { API_VERSION } from './group.js';
import type { MetricTemplate } from './metric-template.js';

/** The podinfo canary: 10 % steps to 50 %, success rate and p99 latency checks. */
export function exampleCanary(namespace = 'test'): Canary {
  return {
    apiVersion: API_VERSION,
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      progressDeadlineSeconds: 60,
      service: { port: 9898, targetPort: 9898, gateways: ['mesh'], hosts: ['podinfo.example.com'] },
      analysis: {
        interval: '30s',
        threshold: 5,
        maxWeight: 50,
        stepWeight: 10,
        minRequests: 20,
        metrics: [
          { name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' },
          { name: 'request-duration', thresholdRange: { max: 500 }, interval: '1m' },
          {
            name: 'not-found-percentage',
            templateRef: { name: 'not-found-percentage', namespace },
            thresholdRange: { max: 5 },
          },
        ],
        webhooks: [
          {
            name: 'load-test',
            type: 'rollout',
            url: 'http://flagger-loadtester.test/',
            timeout: '5s',
            metadata: { cmd: 'hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/' },
          },
          {
            name: 'ask-for-promotion',
            type: 'confirm-promotion',
            url: 'http://gate.test/approve',
            gateTimeout: '1h',
            onTimeout: 'abort',
          },
        ],
      },
    },
  };
}

/** A MetricTemplate: the share of canary requests answered 404. */
export function exampleMetricTemplate(namespace = 'test'): MetricTemplate {
  return {
    apiVersion: API_VERSION,
    kind: 'MetricTemplate',
    metadata: { name: 'not-found-percentage', namespace },
    spec: {
      provider: { type: 'prometheus', address: 'http://prometheus.istio-system:9090' },
      query: [
        'sum(rate(istio_requests_total{reporter="destination",',
        'destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}",',
        'response_code="404"}[{{ interval }}])) / sum(rate(istio_requests_total{reporter="destination",',
        'destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}"}[{{ interval }}])) * 100',
      ].join(''),
    },
  };
}

/** The `new-checkout` flag of DESIGN.md: staff, premium and listed users, then 10 % of everyone. */
export function exampleFeatureFlag(namespace = 'shop'): FeatureFlag {
  return {
    apiVersion: API_VERSION,
    kind: 'FeatureFlag',
    metadata: { name: 'new-checkout', namespace },
    spec: {
      flagSet: 'default',
      type: 'release',
      owner: 'team-checkout',
      expires: '2027-03-01',
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      rules: [
        { name: 'staff', when: { attribute: 'email', endsWith: '@company.com' }, variant: 'on' },
        { name: 'premium', when: { attribute: 'plan', in: ['premium'] }, variant: 'on' },
        {
          name: 'listed-users',
          when: { attribute: 'targetingKey', in: ['user-123', 'user-456'] },
          variant: 'on',
        },
      ],
      rollout: { percentage: 10 },
    },
  };
}

/** A three-variant experiment split 50/25/25. */
export function exampleExperimentFlag(namespace = 'shop'): FeatureFlag {
  return {
    apiVersion: API_VERSION,
    kind: 'FeatureFlag',
    metadata: { name: 'checkout-button', namespace },
    spec: {
      type: 'experiment',
      owner: 'team-growth',
      variants: { control: 'blue', green: 'green', orange: 'orange' },
      defaultVariant: 'control',
      distribution: [
        { variant: 'control', weight: 50 },
        { variant: 'green', weight: 25 },
        { variant: 'orange', weight: 25 },
      ],
    },
  };
}

/** A guarded rollout with a kill switch (issue 8's shape). */
export function exampleGuardedFlag(namespace = 'shop'): FeatureFlag {
  return {
    apiVersion: API_VERSION,
    kind: 'FeatureFlag',
    metadata: { name: 'new-search', namespace },
    spec: {
      type: 'release',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      rules: [
        {
          name: 'beta-testers',
          when: {
            all: [{ segment: 'beta' }, { attribute: 'appVersion', semver: { op: '>=', version: '2.1.0' } }],
          },
          variant: 'on',
        },
      ],
      segments: { beta: { attribute: 'groups', in: ['beta', 'staff'] } },
      rollout: {
        strategy: 'guarded',
        steps: [1, 5, 10, 25, 50, 100],
        interval: '1m',
        minSampleSize: 500,
        metrics: [
          { name: 'error-rate', query: 'sum(rate(app_errors_total[1m]))', thresholdRange: { max: 1 } },
        ],
      },
      killSwitch: {
        metrics: [
          { name: 'error-rate', query: 'sum(rate(app_errors_total[1m]))', thresholdRange: { max: 5 } },
        ],
        action: 'disable',
      },
    },
  };
}
