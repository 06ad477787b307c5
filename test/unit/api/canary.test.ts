/* eslint-disable @typescript-eslint/no-explicit-any -- tables write deliberately ill-typed values into resources */
/**
 * Canary validation: each row breaks one thing in the podinfo example and
 * names the field path and message a user must see.
 */
import { describe, expect, it } from 'vitest';
import type { Canary } from '../../../src/api/canary.js';
import { exampleCanary } from '../../../src/api/examples.js';
import { validateCanary } from '../../../src/api/validate.js';

type Mutation = (c: any) => void;

const invalid: [string, Mutation, string, string][] = [
  [
    'stepWeight out of range',
    (c) => (c.spec.analysis.stepWeight = 0),
    'spec.analysis.stepWeight',
    'must be an integer between 1 and 100',
  ],
  [
    'stepWeight not a number',
    (c) => (c.spec.analysis.stepWeight = '10'),
    'spec.analysis.stepWeight',
    'must be an integer between 1 and 100',
  ],
  ['missing target name', (c) => delete c.spec.targetRef.name, 'spec.targetRef.name', 'required'],
  [
    'target is not a Deployment',
    (c) => (c.spec.targetRef.kind = 'StatefulSet'),
    'spec.targetRef.kind',
    'must be Deployment',
  ],
  ['missing service', (c) => delete c.spec.service, 'spec.service', 'required'],
  ['port out of range', (c) => (c.spec.service.port = 70000), 'spec.service.port', 'between 1 and 65535'],
  [
    'unknown field (typo)',
    (c) => (c.spec.analysis.stepweight = 5),
    'spec.analysis.stepweight',
    'unknown field',
  ],
  ['bad interval', (c) => (c.spec.analysis.interval = '30'), 'spec.analysis.interval', 'must be a duration'],
  ['zero interval', (c) => (c.spec.analysis.interval = '0s'), 'spec.analysis.interval', 'longer than zero'],
  [
    'stepWeight and stepWeights together',
    (c) => (c.spec.analysis.stepWeights = [10, 20]),
    'spec.analysis',
    'choose one of stepWeight, stepWeights, doubling, iterations',
  ],
  [
    'stepWeights not ascending',
    (c) => {
      delete c.spec.analysis.stepWeight;
      c.spec.analysis.stepWeights = [10, 5];
    },
    'spec.analysis.stepWeights',
    'strictly ascending',
  ],
  [
    'stepWeights repeated',
    (c) => {
      delete c.spec.analysis.stepWeight;
      c.spec.analysis.stepWeights = [10, 10];
    },
    'spec.analysis.stepWeights',
    'strictly ascending',
  ],
  [
    'stepWeights above 100',
    (c) => {
      delete c.spec.analysis.stepWeight;
      c.spec.analysis.stepWeights = [10, 120];
    },
    'spec.analysis.stepWeights[1]',
    'between 1 and 100',
  ],
  [
    'maxWeight below stepWeight',
    (c) => (c.spec.analysis.maxWeight = 5),
    'spec.analysis.maxWeight',
    'not be smaller than stepWeight',
  ],
  [
    'doubling with stepWeight',
    (c) => (c.spec.analysis.doubling = { initialWeight: 5 }),
    'spec.analysis',
    'choose one of',
  ],
  [
    'doubling start above maxWeight',
    (c) => {
      delete c.spec.analysis.stepWeight;
      c.spec.analysis.doubling = { initialWeight: 60 };
    },
    'spec.analysis.maxWeight',
    'doubling.initialWeight',
  ],
  [
    'A/B match without iterations',
    (c) => {
      c.spec.analysis.match = [{ headers: { 'x-canary': { exact: 'insider' } } }];
    },
    'spec.analysis.match',
    'needs iterations',
  ],
  [
    'string match with two kinds',
    (c) => {
      delete c.spec.analysis.stepWeight;
      c.spec.analysis.iterations = 10;
      c.spec.analysis.match = [{ headers: { cookie: { exact: 'a', regex: 'b' } } }];
    },
    'spec.analysis.match[0].headers.cookie',
    'exactly one of exact, prefix, regex',
  ],
  [
    'mirrorWeight without mirror',
    (c) => (c.spec.analysis.mirrorWeight = 50),
    'spec.analysis.mirrorWeight',
    'needs mirror: true',
  ],
  [
    'threshold range inverted',
    (c) => (c.spec.analysis.metrics[0].thresholdRange = { min: 99, max: 1 }),
    'spec.analysis.metrics[0].thresholdRange.min',
    'not be greater than max',
  ],
  [
    'threshold range empty',
    (c) => (c.spec.analysis.metrics[0].thresholdRange = {}),
    'spec.analysis.metrics[0].thresholdRange',
    'needs min, max or both',
  ],
  [
    'unknown builtin metric',
    (c) => (c.spec.analysis.metrics[0].name = 'latency'),
    'spec.analysis.metrics[0].name',
    'builtin metric',
  ],
  [
    'templateRef and query together',
    (c) => (c.spec.analysis.metrics[2].query = 'up'),
    'spec.analysis.metrics[2].query',
    'mutually exclusive',
  ],
  [
    'duplicate metric names',
    (c) => (c.spec.analysis.metrics[1].name = 'request-success-rate'),
    'spec.analysis.metrics[1].name',
    'duplicate name',
  ],
  [
    'unknown webhook type',
    (c) => (c.spec.analysis.webhooks[0].type = 'pre-promotion'),
    'spec.analysis.webhooks[0].type',
    'must be one of',
  ],
  [
    'webhook url not http',
    (c) => (c.spec.analysis.webhooks[0].url = 'ftp://x'),
    'spec.analysis.webhooks[0].url',
    'http:// or https://',
  ],
  [
    'gateTimeout on a notification',
    (c) => (c.spec.analysis.webhooks[0].gateTimeout = '1m'),
    'spec.analysis.webhooks[0].gateTimeout',
    'only applies to gates',
  ],
  [
    'onTimeout without gateTimeout',
    (c) => delete c.spec.analysis.webhooks[1].gateTimeout,
    'spec.analysis.webhooks[1].onTimeout',
    'needs gateTimeout',
  ],
  [
    'bad onTimeout',
    (c) => (c.spec.analysis.webhooks[1].onTimeout = 'retry'),
    'spec.analysis.webhooks[1].onTimeout',
    'hold, abort, promote',
  ],
  [
    'wrong apiVersion',
    (c) => (c.apiVersion = 'flagger.app/v1beta1'),
    'apiVersion',
    'must be fledge.dev/v1alpha1',
  ],
  ['bad status phase', (c) => (c.status = { phase: 'Paused' }), 'status.phase', 'must be one of'],
  [
    'canaryWeight over 100',
    (c) => (c.status = { canaryWeight: 101 }),
    'status.canaryWeight',
    'between 0 and 100',
  ],
];

describe('validateCanary', () => {
  it('accepts the podinfo example', () => {
    expect(validateCanary(exampleCanary())).toMatchObject({ ok: true });
  });

  it.each(invalid)('%s → %s', (_name, mutate, path, message) => {
    const canary = exampleCanary('shop');
    mutate(canary);
    const result = validateCanary(canary);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues).toContainEqual({ path, message: expect.stringContaining(message) });
    // The message names the resource, the field and the problem.
    expect(result.error.message).toContain(`Canary shop/podinfo: `);
    expect(result.error.message).toContain(`${path}: `);
  });

  it.each<[string, (c: any) => void]>([
    ['minimal spec', (c) => (c.spec = { targetRef: { name: 'podinfo' }, service: { port: 80 } })],
    [
      'explicit step weights',
      (c) => {
        delete c.spec.analysis.stepWeight;
        delete c.spec.analysis.maxWeight;
        c.spec.analysis.stepWeights = [1, 5, 10, 25, 50];
      },
    ],
    [
      'doubling',
      (c) => {
        delete c.spec.analysis.stepWeight;
        c.spec.analysis.doubling = { initialWeight: 5, minSampleSize: 1000 };
      },
    ],
    [
      'A/B testing on a header and a cookie',
      (c) => {
        delete c.spec.analysis.stepWeight;
        delete c.spec.analysis.maxWeight;
        c.spec.analysis.iterations = 10;
        c.spec.analysis.match = [
          { headers: { 'x-canary': { exact: 'insider' } } },
          { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
        ];
      },
    ],
    [
      'blue/green with mirroring',
      (c) => {
        delete c.spec.analysis.stepWeight;
        delete c.spec.analysis.maxWeight;
        c.spec.analysis.iterations = 5;
        c.spec.analysis.mirror = true;
        c.spec.analysis.mirrorWeight = 50;
      },
    ],
    ['named target port', (c) => (c.spec.service.targetPort = 'http')],
    [
      'Istio pass-through',
      (c) => {
        c.spec.service.trafficPolicy = { tls: { mode: 'ISTIO_MUTUAL' } };
        c.spec.service.corsPolicy = { allowOrigins: [{ exact: 'https://example.com' }] };
        c.spec.service.retries = { attempts: 3, perTryTimeout: '1s', retryOn: 'gateway-error' };
      },
    ],
    [
      'a status as the controller writes it',
      (c) =>
        (c.status = {
          phase: 'Progressing',
          canaryWeight: 20,
          failedChecks: 1,
          lastAppliedSpec: 'abc123',
          trackedConfigs: { 'configmap/podinfo-config': 'def' },
          lastTransitionTime: '2026-11-28T01:00:00Z',
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'Progressing',
              lastTransitionTime: '2026-11-28T01:00:00Z',
            },
          ],
          metrics: [
            {
              name: 'request-success-rate',
              value: 99.5,
              verdict: 'Pass',
              samples: 120,
              time: '2026-11-28T01:00:00Z',
            },
          ],
        }),
    ],
  ])('accepts %s', (_name, mutate) => {
    const canary: Canary = exampleCanary();
    mutate(canary);
    const result = validateCanary(canary);
    expect(result.ok ? [] : result.error.issues).toEqual([]);
  });
});
