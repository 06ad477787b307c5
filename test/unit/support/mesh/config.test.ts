import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/api/errors.js';
import { MAX_RPS, parseTraffic, parseWorkload } from '../../../support/mesh/config.js';

function issuesOf(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return [...(err as ValidationError).issues];
  }
  throw new Error('expected a ValidationError');
}

describe('parseTraffic', () => {
  it('fills defaults and lower-cases header names', () => {
    expect(
      parseTraffic({ rps: 50, headers: [{ share: 0.3, values: { 'X-User-Type': 'insider' } }] }),
    ).toEqual({
      rps: 50,
      method: 'GET',
      path: '/',
      paths: [],
      headers: [{ share: 0.3, values: { 'x-user-type': 'insider' } }],
      cookies: [],
    });
  });

  it.each([
    ['rps above the cap', { rps: MAX_RPS + 1 }, 'rps', /at most 2000/],
    ['negative rps', { rps: -1 }, 'rps', /./],
    ['missing rps', {}, 'rps', /./],
    ['rps as a string', { rps: '5' }, 'rps', /number/],
    ['a share above 1', { rps: 1, headers: [{ share: 1.5, values: {} }] }, 'headers.0.share', /./],
    [
      'shares adding up to more than 1',
      {
        rps: 1,
        cookies: [
          { share: 0.6, values: { a: '1' } },
          { share: 0.6, values: { b: '1' } },
        ],
      },
      'cookies',
      /at most 1/,
    ],
    ['a path without /', { rps: 1, path: 'api' }, 'path', /./],
    ['an unknown field', { rps: 1, rsp: 2 }, '(body)', /rsp/],
    ['not an object', [1], '(body)', /./],
  ])('%s names the field', (_name, body, path, message) => {
    const issues = issuesOf(() => parseTraffic(body));
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)?.message).toMatch(message);
  });
});

describe('parseWorkload', () => {
  it('defaults to no errors and p50 10 / p99 50 ms', () => {
    expect(parseWorkload({})).toEqual({ errorRate: 0, latencyMs: { p50: 10, p99: 50 } });
  });

  it.each([
    ['errorRate above 1', { errorRate: 2 }, 'errorRate'],
    ['p99 below p50', { latencyMs: { p50: 100, p99: 50 } }, 'latencyMs.p99'],
    ['p50 of 0', { latencyMs: { p50: 0, p99: 50 } }, 'latencyMs.p50'],
    ['p99 missing', { latencyMs: { p50: 10 } }, 'latencyMs.p99'],
  ])('%s names the field', (_name, body, path) => {
    expect(issuesOf(() => parseWorkload(body)).map((i) => i.path)).toContain(path);
  });
});
