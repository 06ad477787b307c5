import { describe, expect, it } from 'vitest';
import { classifyHttpError, parseQueryBody } from '../../../src/metrics/prometheus-response.js';

// Bodies recorded from the test bed's Prometheus (Debian's package).
const recorded = {
  vectorOne: {
    status: 'success',
    data: {
      resultType: 'vector',
      result: [
        { metric: { destination_workload: 'podinfo-primary' }, value: [1795830761.988, '59.07259485772532'] },
      ],
    },
  },
  vectorEmpty: { status: 'success', data: { resultType: 'vector', result: [] } },
  vectorTwo: {
    status: 'success',
    data: {
      resultType: 'vector',
      result: [
        { metric: { destination_workload: 'web' }, value: [1795830762.1, '45'] },
        { metric: { destination_workload: 'web-primary' }, value: [1795830762.1, '55'] },
      ],
    },
  },
  scalarOne: { status: 'success', data: { resultType: 'scalar', result: [1795830762.041, '1'] } },
  scalarNaN: { status: 'success', data: { resultType: 'scalar', result: [1795830762.067, 'NaN'] } },
  vectorInf: {
    status: 'success',
    data: { resultType: 'vector', result: [{ metric: {}, value: [1, '+Inf'] }] },
  },
  matrix: {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'up' },
          values: [
            [1795830757.693, '1'],
            [1795830758.684, '1'],
          ],
        },
      ],
    },
  },
  string: { status: 'success', data: { resultType: 'string', result: [1795830762.129, 'a'] } },
  parseError: {
    status: 'error',
    errorType: 'bad_data',
    error: 'invalid parameter "query": 1:17: parse error: unclosed left parenthesis',
  },
  execError: {
    status: 'error',
    errorType: 'execution',
    error: 'invalid regular expression in label_replace(): (',
  },
};

describe('parseQueryBody', () => {
  it.each([
    ['one series', recorded.vectorOne, { status: 'ok', value: 59.07259485772532 }],
    ['no series', recorded.vectorEmpty, { status: 'NoData' }],
    ['two series', recorded.vectorTwo, { status: 'MultipleSeries', count: 2 }],
    ['a scalar', recorded.scalarOne, { status: 'ok', value: 1 }],
    ['NaN', recorded.scalarNaN, { status: 'NaN' }],
    ['+Inf', recorded.vectorInf, { status: 'ok', value: Infinity }],
  ])('%s', (_n, body, want) => {
    expect(parseQueryBody(body)).toEqual(want);
  });

  it.each([
    ['a range vector', recorded.matrix, /range vector/],
    ['a string', recorded.string, /string/],
    ['an error body', recorded.parseError, /unclosed left parenthesis/],
    ['not JSON of Prometheus', '<html>proxy login</html>', /unexpected answer/],
    ['a malformed sample', { status: 'success', data: { resultType: 'scalar', result: ['x'] } }, /malformed/],
  ])('%s is a QueryError', (_n, body, message) => {
    const r = parseQueryBody(body);
    expect(r.status).toBe('QueryError');
    expect(r.status === 'QueryError' && r.error).toMatch(message);
  });
});

describe('classifyHttpError', () => {
  it.each([
    [400, recorded.parseError, 'InvalidQuery', /^bad_data: invalid parameter "query": 1:17: parse error/],
    [400, { status: 'error', errorType: 'bad_header', error: 'x' }, 'QueryError', /^bad_header: x/],
    [422, recorded.execError, 'QueryError', /^execution: invalid regular expression/],
    [401, 'unauthorized', 'QueryError', /HTTP 401: unauthorized/],
    [404, '', 'QueryError', /HTTP 404/],
    [
      503,
      { status: 'error', errorType: 'unavailable', error: 'not ready' },
      'MetricsUnavailable',
      /HTTP 503: unavailable: not ready/,
    ],
    [502, '<html>bad gateway</html>', 'MetricsUnavailable', /HTTP 502/],
    [429, 'slow down', 'MetricsUnavailable', /HTTP 429/],
  ])('HTTP %i → %s', (status, body, kind, message) => {
    const r = classifyHttpError(status, body);
    expect(r.status).toBe(kind);
    expect('error' in r && r.error).toMatch(message);
  });
});
