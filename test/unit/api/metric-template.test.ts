/* eslint-disable @typescript-eslint/no-explicit-any -- tables write deliberately ill-typed values into resources */
import { describe, expect, it } from 'vitest';
import { exampleMetricTemplate } from '../../../src/api/examples.js';
import { withMetricTemplateDefaults } from '../../../src/api/metric-template.js';
import { validateMetricTemplate } from '../../../src/api/validate.js';

describe('validateMetricTemplate', () => {
  it('accepts the example, and one without address (operator default)', () => {
    const template = exampleMetricTemplate();
    expect(validateMetricTemplate(template).ok).toBe(true);
    delete template.spec.provider.address;
    template.spec.provider.secretRef = { name: 'prom-auth' };
    expect(validateMetricTemplate(template).ok).toBe(true);
  });

  it.each<[string, (t: any) => void, string, string]>([
    [
      'unknown provider',
      (t) => (t.spec.provider.type = 'datadog'),
      'spec.provider.type',
      'must be prometheus',
    ],
    [
      'address not a URL',
      (t) => (t.spec.provider.address = 'prometheus:9090'),
      'spec.provider.address',
      'http:// or https://',
    ],
    ['empty query', (t) => (t.spec.query = ''), 'spec.query', 'must not be empty'],
    ['missing query', (t) => delete t.spec.query, 'spec.query', 'required'],
    [
      'secretRef without name',
      (t) => (t.spec.provider.secretRef = {}),
      'spec.provider.secretRef.name',
      'required',
    ],
    ['wrong kind', (t) => (t.kind = 'Canary'), 'kind', 'must be MetricTemplate'],
  ])('%s → %s', (_name, mutate, path, message) => {
    const template = exampleMetricTemplate('obs');
    mutate(template);
    const result = validateMetricTemplate(template);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues).toContainEqual({ path, message: expect.stringContaining(message) });
    expect(result.error.message).toContain('MetricTemplate obs/not-found-percentage: ');
  });
});

describe('withMetricTemplateDefaults', () => {
  it('fills insecureSkipVerify, keeps the address unset, and is idempotent', () => {
    const template = exampleMetricTemplate();
    delete template.spec.provider.address;
    const once = withMetricTemplateDefaults(template);
    expect(once.spec.provider).toEqual({ type: 'prometheus', insecureSkipVerify: false });
    expect(withMetricTemplateDefaults(once)).toEqual(once);
    expect(template.spec.provider).not.toHaveProperty('insecureSkipVerify');
  });
});
