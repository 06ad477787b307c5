import { describe, expect, it } from 'vitest';
import { TerminalError } from '../../../src/api/errors.js';
import { promDuration, renderQuery, type TemplateVariables } from '../../../src/metrics/analysis-template.js';

const vars: TemplateVariables = {
  namespace: 'shop',
  target: 'checkout',
  name: 'checkout-canary',
  service: 'checkout',
  interval: '2m',
  variables: { route: '/pay', code: '5..' },
};

describe('renderQuery', () => {
  it.each([
    [
      'all builtins',
      'x{ns="{{ namespace }}",w="{{target}}",n="{{ name }}",s="{{service}}"}[{{ interval }}]',
      'x{ns="shop",w="checkout",n="checkout-canary",s="checkout"}[2m]',
    ],
    ['variables', 'r{path="{{ variables.route }}",code=~"{{variables.code}}"}', 'r{path="/pay",code=~"5.."}'],
    ['no placeholders', 'up', 'up'],
    ['same variable twice', '{{ target }}/{{ target }}', 'checkout/checkout'],
    ['single braces are PromQL, left alone', 'sum by (le) (x{a="b"})', 'sum by (le) (x{a="b"})'],
  ])('%s', (_name, query, rendered) => {
    expect(renderQuery(query, vars)).toBe(rendered);
  });

  it.each([
    ['unknown variable', '{{ cluster }}', 'unknown variable "cluster"'],
    ['unknown template variable', '{{ variables.missing }}', 'unknown variable "variables.missing"'],
    ['code is not executed', '{{ process.exit() }}', 'is not a variable name'],
    ['Go template syntax is refused', '{{ .Target | quote }}', 'is not a variable name'],
    ['empty placeholder', '{{ }}', 'is not a variable name'],
    [
      'prototype keys are not variables',
      '{{ variables.constructor }}',
      'unknown variable "variables.constructor"',
    ],
  ])('%s → error naming it', (_name, query, message) => {
    const resource = { kind: 'MetricTemplate', namespace: 'shop', name: 'latency' };
    expect(() => renderQuery(query, vars, resource)).toThrow(TerminalError);
    expect(() => renderQuery(query, vars, resource)).toThrow(message);
    expect(() => renderQuery(query, vars, resource)).toThrow('MetricTemplate shop/latency');
  });

  it('a missing optional builtin (name) is an unknown variable', () => {
    expect(() => renderQuery('{{ name }}', { namespace: 'a', target: 'b', interval: '1m' })).toThrow(
      'unknown variable "name"',
    );
  });

  it.each([
    ['1m', '1m'],
    ['90s', '1m30s'],
    ['1.5h', '1h30m'],
    ['500ms', '500ms'],
  ])('promDuration(%s) = %s', (d, p) => {
    expect(promDuration(d)).toBe(p);
  });
});
