import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFinding, lintSources } from '../../../src/cli/lint-core.js';

const fixture = (name: string) => ({
  file: name,
  text: readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'),
});
const lines = (text: string) => lintSources([{ file: 'f.yaml', text }]).findings.map(formatFinding);

const flag = (name: string, spec: string, flagSet = 'default') => `apiVersion: fledge.dev/v1alpha1
kind: FeatureFlag
metadata: { name: ${name}, namespace: shop }
spec:
  flagSet: ${flagSet}
  variants: { "on": true, "off": false }
  defaultVariant: "off"
${spec}`;

describe('lintSources on fixtures', () => {
  it('passes the good file and skips the Deployment', () => {
    const r = lintSources([fixture('good.yaml')]);
    expect(r.findings).toEqual([]);
    expect(r.checked).toBe(3);
    expect(r.skipped).toEqual(['good.yaml:4: skipped Deployment (apps/v1): not a Fledge kind']);
  });

  it('reports every problem of the bad file with its path', () => {
    expect(lintSources([fixture('bad.yaml')]).findings.map(formatFinding)).toEqual([
      'bad.yaml:1: Canary shop/web: spec.analysis.stepWeight: must be an integer between 1 and 100',
      'bad.yaml:2: FeatureFlag shop/unquoted: spec.defaultVariant: must be a string, not a boolean',
      'bad.yaml:3: FeatureFlag shop/unknown-segment: spec.rules[0].when.segment: unknown segment "beta-testers" (segments of this flag set: none)',
      'bad.yaml:4: kind: unknown Fledge kind "Canry" (expected one of: Canary, FeatureFlag, MetricTemplate)',
    ]);
  });
});

describe('lintSources', () => {
  it('reports YAML syntax errors with the line', () => {
    const out = lines('apiVersion: fledge.dev/v1alpha1\nkind: Canary\nmetadata: [unclosed\n');
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^f\.yaml:1: yaml: .* at line 4, column 1$/);
  });

  it('skips empty documents and reports non-objects', () => {
    expect(lines('---\n---\n- a list\n')).toEqual([
      'f.yaml:2: (root): not a Kubernetes object (expected a mapping)',
    ]);
  });

  it('checks the items of a List', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: fledge.dev/v1alpha1
    kind: MetricTemplate
    metadata: { name: q }
    spec: { provider: { type: prometheus, address: "http://p:9090" } }
`;
    expect(lines(text)).toEqual(['f.yaml:1.items[0]: MetricTemplate q: spec.query: required']);
  });

  it('resolves segments across the files of a flag set', () => {
    const a = flag('a', '  segments:\n    staff: { attribute: email, endsWith: "@company.com" }\n');
    const b = flag('b', '  rules:\n    - name: staff\n      when: { segment: staff }\n      variant: "on"\n');
    expect(
      lintSources([
        { file: 'a.yaml', text: a },
        { file: 'b.yaml', text: b },
      ]).findings,
    ).toEqual([]);
    // another flag set does not see them
    const c = flag(
      'c',
      '  rules:\n    - name: staff\n      when: { segment: staff }\n      variant: "on"\n',
      'other',
    );
    expect(
      lintSources([
        { file: 'a.yaml', text: a },
        { file: 'c.yaml', text: c },
      ]).findings.map(formatFinding),
    ).toEqual([
      'c.yaml:1: FeatureFlag shop/c: spec.rules[0].when.segment: unknown segment "staff" (segments of this flag set: none)',
    ]);
  });

  it('reports two flags of a set with one key', () => {
    const text = `${flag('a', '  key: checkout\n')}---\n${flag('b', '  key: checkout\n')}`;
    const out = lines(text);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^f\.yaml:2: FeatureFlag shop\/b: \(root\): .*checkout/);
  });

  it('reads YAML as kubectl does (1.1): unquoted on/off are booleans', () => {
    const text = flag('x', '')
      .replace('{ "on": true, "off": false }', '{ on: true, off: false }')
      .replace('"off"', 'off');
    expect(lines(text)).toEqual([
      'f.yaml:1: FeatureFlag shop/x: spec.defaultVariant: must be a string, not a boolean',
    ]);
  });

  it('names an object without a name or namespace as it can', () => {
    expect(lines('apiVersion: fledge.dev/v1alpha1\nkind: MetricTemplate\nspec: {}\n')[0]).toMatch(
      /^f\.yaml:1: MetricTemplate \(no name\): /,
    );
  });
});
