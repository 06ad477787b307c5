/* eslint-disable @typescript-eslint/no-explicit-any -- tables write deliberately ill-typed values into resources */
/**
 * The generated CRDs against the test bed's real apiserver: they install,
 * admit the examples, reject what they promise to reject with the
 * apiserver's own (schema or CEL) message, default what they promise to
 * default, and show printer columns, short names and the fledge category.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCanaryDefaults } from '../../../src/api/canary-defaults.js';
import type { Canary } from '../../../src/api/canary.js';
import {
  exampleCanary,
  exampleExperimentFlag,
  exampleFeatureFlag,
  exampleGuardedFlag,
  exampleMetricTemplate,
} from '../../../src/api/examples.js';
import { validateCanary, validateFeatureFlag, validateMetricTemplate } from '../../../src/api/validate.js';
import { testbed } from '../../support/env.js';
import { kubectl, kubectlRun } from '../../support/kubectl.js';

const crdDir = join(import.meta.dirname, '..', '..', '..', 'crds');
const ns = `api-crds-${randomBytes(3).toString('hex')}`;
let kubeconfig = '';

const k = (args: string[], input?: string) => kubectl(args, { kubeconfig, ...(input ? { input } : {}) });
// JSON, not YAML: kubectl reads YAML 1.1, where an unquoted `on`/`off` is a boolean.
const create = (obj: unknown) =>
  kubectlRun(['create', '-n', ns, '-f', '-'], { kubeconfig, input: JSON.stringify(obj) });

beforeAll(async () => {
  kubeconfig = testbed().KUBECONFIG;
  await k(['apply', '-f', crdDir]);
  await k([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/canaries.fledge.dev',
    'crd/featureflags.fledge.dev',
    'crd/metrictemplates.fledge.dev',
  ]);
  await k(['create', 'namespace', ns]);
});

afterAll(async () => {
  // The CRDs stay: other suites on the shared bed use them.
  if (kubeconfig) await kubectlRun(['delete', 'namespace', ns, '--wait=false'], { kubeconfig });
});

type Mutation = (o: any) => void;
const validators = {
  Canary: validateCanary,
  FeatureFlag: validateFeatureFlag,
  MetricTemplate: validateMetricTemplate,
};

const rejected: [string, (namespace: string) => any, Mutation, string][] = [
  [
    'canary: stepWeight below 1 (schema)',
    exampleCanary,
    (c) => (c.spec.analysis.stepWeight = 0),
    'spec.analysis.stepWeight',
  ],
  [
    'canary: unknown webhook type (enum)',
    exampleCanary,
    (c) => (c.spec.analysis.webhooks[0].type = 'pre-promotion'),
    'Unsupported value: "pre-promotion"',
  ],
  [
    'canary: interval not a duration (pattern)',
    exampleCanary,
    (c) => (c.spec.analysis.interval = '30'),
    'spec.analysis.interval',
  ],
  [
    'canary: zero interval (CEL)',
    exampleCanary,
    (c) => (c.spec.analysis.interval = '0s'),
    'must be longer than zero',
  ],
  [
    'canary: stepWeight and stepWeights (CEL)',
    exampleCanary,
    (c) => (c.spec.analysis.stepWeights = [10, 20]),
    'choose one of stepWeight, stepWeights, doubling, iterations',
  ],
  [
    'canary: stepWeights descending (CEL)',
    exampleCanary,
    (c) => {
      delete c.spec.analysis.stepWeight;
      c.spec.analysis.stepWeights = [20, 10];
    },
    'must be in strictly ascending order',
  ],
  [
    'canary: stepWeights repeated (list-type set)',
    exampleCanary,
    (c) => {
      delete c.spec.analysis.stepWeight;
      c.spec.analysis.stepWeights = [10, 10];
    },
    'Duplicate value',
  ],
  [
    'canary: maxWeight below stepWeight (CEL)',
    exampleCanary,
    (c) => (c.spec.analysis.maxWeight = 5),
    'maxWeight must not be smaller than stepWeight',
  ],
  [
    'canary: inverted threshold range (CEL)',
    exampleCanary,
    (c) => (c.spec.analysis.metrics[0].thresholdRange = { min: 99, max: 1 }),
    'min must not be greater than max',
  ],
  [
    'canary: unknown builtin metric (CEL)',
    exampleCanary,
    (c) => (c.spec.analysis.metrics[0].name = 'latency'),
    'must be a builtin metric',
  ],
  [
    'canary: duplicate metric names (list-type map)',
    exampleCanary,
    (c) => (c.spec.analysis.metrics[1].name = 'request-success-rate'),
    'Duplicate value',
  ],
  [
    'canary: gateTimeout on a notification (CEL)',
    exampleCanary,
    (c) => (c.spec.analysis.webhooks[0].gateTimeout = '1m'),
    'gateTimeout only applies to gates',
  ],
  [
    'canary: A/B match without iterations (CEL)',
    exampleCanary,
    (c) => (c.spec.analysis.match = [{ headers: { 'x-canary': { exact: 'a' } } }]),
    'match (A/B testing) needs iterations',
  ],
  [
    'canary: unknown field (strict field validation)',
    exampleCanary,
    (c) => (c.spec.analysis.stepweight = 5),
    'unknown field "spec.analysis.stepweight"',
  ],
  [
    'canary: target not a Deployment (enum)',
    exampleCanary,
    (c) => (c.spec.targetRef.kind = 'StatefulSet'),
    'spec.targetRef.kind',
  ],
  [
    'flag: percentage over 100 (schema)',
    exampleFeatureFlag,
    (f) => (f.spec.rollout.percentage = 150),
    'spec.rollout.percentage',
  ],
  ['flag: bad state (enum)', exampleFeatureFlag, (f) => (f.spec.state = 'ON'), 'Unsupported value: "ON"'],
  [
    'flag: rollout and distribution (CEL)',
    exampleFeatureFlag,
    (f) => (f.spec.distribution = [{ variant: 'on', weight: 1 }]),
    'rollout and distribution are mutually exclusive',
  ],
  [
    'flag: targeting with rules (CEL)',
    exampleFeatureFlag,
    (f) => (f.spec.targeting = { if: [true, 'on', 'off'] }),
    'exclusive with rules, rollout and distribution',
  ],
  [
    'flag: condition with two forms (CEL)',
    exampleFeatureFlag,
    (f) => (f.spec.rules[0].when = { attribute: 'a', segment: 'b' }),
    'needs exactly one of attribute, all, any, not, segment',
  ],
  [
    'flag: duplicate rule names (list-type map)',
    exampleFeatureFlag,
    (f) => (f.spec.rules[1].name = 'staff'),
    'Duplicate value',
  ],
  [
    'flag: static rollout without percentage (CEL)',
    exampleFeatureFlag,
    (f) => (f.spec.rollout = {}),
    'a static rollout needs percentage',
  ],
  [
    'flag: expires not a date (pattern)',
    exampleFeatureFlag,
    (f) => (f.spec.expires = 'soon'),
    'spec.expires',
  ],
  [
    'flag: zero distribution weight (schema)',
    exampleExperimentFlag,
    (f) => (f.spec.distribution[0].weight = 0),
    'spec.distribution[0].weight',
  ],
  [
    'flag: guarded steps descending (CEL)',
    exampleGuardedFlag,
    (f) => (f.spec.rollout.steps = [5, 1]),
    'must be in strictly ascending order',
  ],
  [
    'flag: kill switch variant without action (CEL)',
    exampleGuardedFlag,
    (f) => (f.spec.killSwitch.variant = 'off'),
    'variant needs action: variant',
  ],
  [
    'template: unknown provider (enum)',
    exampleMetricTemplate,
    (t) => (t.spec.provider.type = 'datadog'),
    'Unsupported value: "datadog"',
  ],
  ['template: empty query (schema)', exampleMetricTemplate, (t) => (t.spec.query = ''), 'spec.query'],
];

describe('CRDs on the real apiserver', () => {
  it('admit every example', async () => {
    const items = [
      exampleCanary(ns),
      exampleMetricTemplate(ns),
      exampleFeatureFlag(ns),
      exampleExperimentFlag(ns),
      exampleGuardedFlag(ns),
    ];
    const res = await kubectlRun(['apply', '-n', ns, '-f', '-'], {
      kubeconfig,
      input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
    });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
  });

  it.each(rejected)('reject %s', async (_name, example, mutate, message) => {
    const obj = example(ns);
    obj.metadata.name = `bad-${randomBytes(3).toString('hex')}`;
    mutate(obj);
    const res = await create(obj);
    expect(res.code).not.toBe(0);
    // The apiserver's own words: "… is invalid: <path>: …" or "strict decoding error: unknown field …".
    expect(res.stderr).toMatch(/is invalid: |Error from server/);
    expect(res.stderr).toContain(message);
    // Fledge's own validation agrees with the apiserver.
    expect(validators[obj.kind as keyof typeof validators](obj).ok).toBe(false);
  });

  it('admits what only Fledge can judge (free-form variants), which validation then rejects', async () => {
    const flag: any = exampleFeatureFlag(ns);
    flag.metadata.name = 'default-not-a-variant';
    flag.spec.defaultVariant = 'maybe';
    const res = await create(flag);
    expect(res.stderr).toBe('');
    const result = validateFeatureFlag(flag);
    expect(result.ok ? [] : result.error.issues.map((i) => i.path)).toEqual(['spec.defaultVariant']);
  });

  it('fills the same defaults as withDefaults', async () => {
    const canary: Canary = {
      ...exampleCanary(ns),
      metadata: { name: 'defaults', namespace: ns },
      spec: { targetRef: { name: 'podinfo' }, service: { port: 9898 }, analysis: { stepWeight: 20 } },
    };
    expect((await create(canary)).code).toBe(0);
    const stored = JSON.parse(await k(['get', '-n', ns, 'canary', 'defaults', '-o', 'json'])) as Canary;
    const expected = withCanaryDefaults(canary).spec;
    expect(stored.spec).toMatchObject({
      progressDeadlineSeconds: expected.progressDeadlineSeconds,
      skipAnalysis: expected.skipAnalysis,
      suspend: expected.suspend,
      revertOnDeletion: expected.revertOnDeletion,
      service: { portName: expected.service.portName },
      analysis: {
        interval: expected.analysis.interval,
        threshold: expected.analysis.threshold,
        minRequests: expected.analysis.minRequests,
        noDataTimeout: expected.analysis.noDataTimeout,
        historyLimit: expected.analysis.historyLimit,
      },
    });
    // What the apiserver stored is still a valid Canary, and defaulting it again changes nothing it set.
    expect(validateCanary(stored).ok).toBe(true);
    expect(withCanaryDefaults(stored).spec).toEqual(withCanaryDefaults(canary).spec);
  });

  it('keeps status in the status subresource and shows it in printer columns', async () => {
    const status = {
      status: {
        phase: 'Progressing',
        canaryWeight: 20,
        failedChecks: 1,
        lastTransitionTime: '2026-11-28T01:00:00Z',
      },
    };
    await k([
      'patch',
      '-n',
      ns,
      'canary',
      'podinfo',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(status),
    ]);
    const flagStatus = {
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Published',
            message: 'ok',
            lastTransitionTime: '2026-11-28T01:00:00Z',
          },
        ],
        rollout: { percentage: 10 },
      },
    };
    await k([
      'patch',
      '-n',
      ns,
      'featureflag',
      'new-checkout',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(flagStatus),
    ]);

    const out = await k(['get', '-n', ns, 'canaries,featureflags']);
    expect(out).toMatch(/NAME\s+STATUS\s+WEIGHT\s+FAILEDCHECKS\s+LASTTRANSITIONTIME/);
    expect(out).toMatch(/canary\.fledge\.dev\/podinfo\s+Progressing\s+20\s+1\s+/);
    expect(out).toMatch(/NAME\s+STATE\s+DEFAULT\s+ROLLOUT\s+READY\s+AGE/);
    expect(out).toMatch(/featureflag\.fledge\.dev\/new-checkout\s+ENABLED\s+off\s+10\s+True\s+/);
  });

  it('refuses a bad status too', async () => {
    const res = await kubectlRun(
      [
        'patch',
        '-n',
        ns,
        'canary',
        'podinfo',
        '--subresource=status',
        '--type=merge',
        '-p',
        '{"status":{"phase":"Paused"}}',
      ],
      { kubeconfig },
    );
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('Unsupported value: "Paused"');
  });

  it('answers to short names and the fledge category', async () => {
    expect(await k(['get', '-n', ns, 'cnry', '-o', 'name'])).toContain('canary.fledge.dev/podinfo');
    expect(await k(['get', '-n', ns, 'ff', '-o', 'name'])).toContain('featureflag.fledge.dev/new-checkout');
    expect(await k(['get', '-n', ns, 'mt', '-o', 'name'])).toContain(
      'metrictemplate.fledge.dev/not-found-percentage',
    );
    const all = await k(['get', '-n', ns, 'fledge', '-o', 'name']);
    expect(all).toContain('canary.fledge.dev/podinfo');
    expect(all).toContain('featureflag.fledge.dev/checkout-button');
    expect(all).toContain('metrictemplate.fledge.dev/not-found-percentage');
  });
});
