/**
 * The chart's metadata and values, without Helm (the rendering is tested
 * against the real Helm in test/integration/chart/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..', '..');
const chartDir = join(root, 'charts', 'fledge');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as object;
const validate = new Ajv({ strict: false }).compile(schema);

const withValues = (patch: Record<string, unknown>) => ({ ...values, ...patch });

describe('Chart.yaml', () => {
  it('carries the package version as version and appVersion', () => {
    expect(chart['apiVersion']).toBe('v2');
    expect(chart['version']).toBe(pkg.version);
    expect(chart['appVersion']).toBe(pkg.version);
  });
});

describe('values.schema.json', () => {
  it('accepts the default values', () => {
    expect(validate(values), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts the namespaced mode with leader election', () => {
    expect(validate(withValues({ watchNamespaces: ['shop', 'payments'], replicaCount: 2 }))).toBe(true);
  });

  it.each([
    ['an unknown key (a typo)', { watchNamespace: ['shop'] }],
    ['a namespace that is not a DNS label', { watchNamespaces: ['Shop_1'] }],
    ['a duplicated namespace', { watchNamespaces: ['a', 'a'] }],
    ['a log level fledge does not know', { logLevel: 'verbose' }],
    ['workers out of range', { workers: 0 }],
    ['a Prometheus URL that is not http(s)', { prometheusUrl: 'prometheus:9090' }],
    ['an image digest that is not sha256', { image: { repository: 'r', digest: 'latest' } }],
    ['leader election neither auto nor a boolean', { leaderElection: { enabled: 'yes' } }],
  ])('rejects %s', (_, patch) => {
    expect(validate(withValues(patch))).toBe(false);
  });
});
