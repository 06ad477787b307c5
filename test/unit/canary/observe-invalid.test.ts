import { describe, expect, it } from 'vitest';
import { withCanaryDefaults } from '../../../src/api/canary-defaults.js';
import type { CanaryMetricCheck } from '../../../src/api/canary-analysis.js';
import type { CanaryService } from '../../../src/api/canary-service.js';
import {
  duplicatePorts,
  portProblems,
  queryProblems,
  resultProblems,
} from '../../../src/canary/observe-invalid.js';
import type { MetricSource } from '../../../src/canary/observe-probes.js';
import type { QueryValidation } from '../../../src/metrics/provider.js';
import { canary } from './builders.js';
import { informerOf, metricTemplate, targetDeployment } from './fakes.js';

const withChecks = (metrics: CanaryMetricCheck[]) =>
  withCanaryDefaults(canary(undefined, { analysis: { metrics } }));
const withService = (service: CanaryService) => {
  const c = canary(undefined, { spec: { service } });
  // Owned objects need the Canary's uid, as every Canary from the apiserver has.
  return withCanaryDefaults({ ...c, metadata: { ...c.metadata, uid: 'uid-canary' } });
};

/** A validator: unclosed `sum(` is invalid, "down" is an outage; it records what it was asked. */
function validator() {
  const asked: { query: string; source: MetricSource }[] = [];
  const validate = (query: string, source: MetricSource): Promise<QueryValidation> => {
    asked.push({ query, source });
    if (query.includes('down')) return Promise.resolve({ status: 'unknown', error: 'ECONNREFUSED' });
    if (query.includes('sum(') && !query.includes(')'))
      return Promise.resolve({
        status: 'invalid',
        error: 'bad_data: 1:4: parse error: unclosed left parenthesis',
      });
    return Promise.resolve({ status: 'valid' });
  };
  return { asked, validate };
}

describe('queryProblems', () => {
  const templates = informerOf([
    metricTemplate('broken', 'sum(rate(x{namespace="{{ namespace }}"}[1m]', 'http://prom:9090'),
    metricTemplate('fine', 'sum(rate(x{namespace="{{ namespace }}"}[1m]))'),
    metricTemplate('typo', 'sum(rate(x{ns="{{ namepsace }}"}[1m]))'),
    metricTemplate('outage', 'down'),
  ]);

  it.each<[string, CanaryMetricCheck[], { path: string; message: RegExp }[]]>([
    [
      'template that does not parse → its templateRef and spec.query',
      [{ name: 'lat', templateRef: { name: 'broken' }, thresholdRange: { max: 1 } }],
      [
        {
          path: 'spec.analysis.metrics[0].templateRef (MetricTemplate shop/broken spec.query)',
          message: /parse error: unclosed left parenthesis/,
        },
      ],
    ],
    [
      'custom query that does not parse, second check → metrics[1].query',
      [
        { name: 'ok', templateRef: { name: 'fine' }, thresholdRange: { max: 1 } },
        { name: 'mine', query: 'sum(up', thresholdRange: { max: 1 } },
      ],
      [{ path: 'spec.analysis.metrics[1].query', message: /parse error/ }],
    ],
    [
      'unknown placeholder → InvalidQuery before any request',
      [{ name: 't', templateRef: { name: 'typo' }, thresholdRange: { max: 1 } }],
      [
        {
          path: 'spec.analysis.metrics[0].templateRef (MetricTemplate shop/typo spec.query)',
          message: /namepsace/,
        },
      ],
    ],
    [
      'an outage says nothing',
      [{ name: 'o', templateRef: { name: 'outage' }, thresholdRange: { max: 1 } }],
      [],
    ],
    [
      'a missing template is left to the missing-reference check',
      [{ name: 'gone', templateRef: { name: 'gone' }, thresholdRange: { max: 1 } }],
      [],
    ],
    ['builtins are not sent for validation', [{ name: 'error-rate', thresholdRange: { max: 1 } }], []],
  ])('%s', async (_n, metrics, want) => {
    const v = validator();
    const got = await queryProblems(withChecks(metrics), { templates, validateQuery: v.validate });
    expect(got.map((p) => p.reason)).toEqual(want.map(() => 'InvalidQuery'));
    got.forEach((p, i) => {
      expect(p.path).toBe(want[i]?.path);
      expect(p.message).toMatch(want[i]?.message ?? /^$/);
    });
  });

  it('validates the rendered query at the template provider', async () => {
    const v = validator();
    await queryProblems(
      withChecks([{ name: 'lat', templateRef: { name: 'broken' }, thresholdRange: { max: 1 } }]),
      { templates, validateQuery: v.validate },
    );
    expect(v.asked).toEqual([
      {
        query: 'sum(rate(x{namespace="shop"}[1m]',
        source: {
          address: 'http://prom:9090',
          namespace: 'shop',
          secretRef: undefined,
          insecureSkipVerify: undefined,
        },
      },
    ]);
    const none = validator();
    await queryProblems(withChecks([{ name: 'error-rate', thresholdRange: { max: 1 } }]), {
      templates,
      validateQuery: none.validate,
    });
    expect(none.asked).toEqual([]);
  });
});

describe('resultProblems', () => {
  it('an InvalidQuery result names its check; other failures are left to the analysis', () => {
    const c = withChecks([
      { name: 'a', query: 'up', thresholdRange: { max: 1 } },
      { name: 'b', query: 'sum(up', thresholdRange: { max: 1 } },
    ]);
    const got = resultProblems(c, [
      { name: 'a', status: 'MetricsUnavailable', error: 'down' },
      { name: 'b', status: 'InvalidQuery', error: 'bad_data: parse error' },
    ]);
    expect(got).toEqual([
      { reason: 'InvalidQuery', path: 'spec.analysis.metrics[1].query', message: 'bad_data: parse error' },
    ]);
  });
});

describe('portProblems', () => {
  it.each<
    [string, CanaryService, { name?: string; containerPort: number }[], { path: string; message: RegExp }[]]
  >([
    ['port with default targetPort → fine', { port: 80 }, [{ name: 'http', containerPort: 9898 }], []],
    [
      'named targetPort the container declares → fine',
      { port: 80, targetPort: 'http' },
      [{ name: 'http', containerPort: 9898 }],
      [],
    ],
    ['numeric targetPort need not be declared', { port: 80, targetPort: 8080 }, [], []],
    [
      'named targetPort no container declares → PortConflict on spec.service.targetPort',
      { port: 80, targetPort: 'grpc' },
      [{ name: 'http', containerPort: 9898 }],
      [
        {
          path: 'spec.service.targetPort',
          message: /targetPort "grpc" of Service shop\/checkout is not a named port/,
        },
      ],
    ],
  ])('%s', (_n, service, ports, want) => {
    const got = portProblems(withService(service), targetDeployment('checkout', { ports }));
    expect(got.map((p) => ({ reason: p.reason, path: p.path }))).toEqual(
      want.map((w) => ({ reason: 'PortConflict', path: w.path })),
    );
    got.forEach((p, i) => expect(p.message).toMatch(want[i]?.message ?? /^$/));
  });
});

describe('duplicatePorts', () => {
  const where = 'Service shop/checkout';
  it.each<[string, { name: string; port: number }[], string[]]>([
    [
      'distinct ports',
      [
        { name: 'http', port: 80 },
        { name: 'metrics', port: 9797 },
      ],
      [],
    ],
    [
      'a discovered port on spec.service.port',
      [
        { name: 'http', port: 80 },
        { name: 'admin', port: 80 },
      ],
      ['spec.service.port'],
    ],
    [
      'a discovered port named like spec.service.portName',
      [
        { name: 'http', port: 80 },
        { name: 'http', port: 9797 },
      ],
      ['spec.service.portName'],
    ],
    [
      'two discovered ports clash',
      [
        { name: 'http', port: 80 },
        { name: 'a', port: 9000 },
        { name: 'b', port: 9000 },
      ],
      ['spec.service.portDiscovery'],
    ],
  ])('%s', (_n, ports, paths) => {
    const got = duplicatePorts(ports, 'http', where);
    expect(got.map((p) => p.path)).toEqual(paths);
    for (const p of got) {
      expect(p.reason).toBe('PortConflict');
      expect(p.message).toContain(where);
    }
  });

  it('says which two ports clash', () => {
    expect(
      duplicatePorts(
        [
          { name: 'http', port: 80 },
          { name: 'admin', port: 80 },
        ],
        'http',
        where,
      )[0]?.message,
    ).toBe('port 80 is used twice on Service shop/checkout ("http" 80 and "admin" 80)');
  });
});
