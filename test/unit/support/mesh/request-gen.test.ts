import { describe, expect, it } from 'vitest';
import { parseTraffic } from '../../../support/mesh/config.js';
import { createRng } from '../../../support/mesh/prng.js';
import { buildRequest } from '../../../support/mesh/request-gen.js';

describe('buildRequest', () => {
  it('gives each group its share of requests, exclusively', () => {
    const spec = parseTraffic({
      rps: 1,
      headers: [
        { share: 0.3, values: { 'x-user-type': 'insider' } },
        { share: 0.2, values: { 'x-user-type': 'beta', 'x-debug': '1' } },
      ],
      cookies: [{ share: 0.5, values: { canary: 'always' } }],
      paths: [{ share: 0.1, path: '/api' }],
    });
    const rng = createRng(8);
    const n = 40_000;
    const seen = { insider: 0, beta: 0, debugWithoutBeta: 0, cookie: 0, api: 0 };
    for (let i = 0; i < n; i++) {
      const r = buildRequest(spec, 'shop', 'ns', rng);
      if (r.headers['x-user-type'] === 'insider') seen.insider++;
      if (r.headers['x-user-type'] === 'beta') seen.beta++;
      if (r.headers['x-debug'] && r.headers['x-user-type'] !== 'beta') seen.debugWithoutBeta++;
      if (r.headers['cookie'] === 'canary=always') seen.cookie++;
      if (r.path === '/api') seen.api++;
    }
    expect(Math.abs(seen.insider / n - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(seen.beta / n - 0.2)).toBeLessThan(0.01);
    expect(seen.debugWithoutBeta).toBe(0);
    expect(Math.abs(seen.cookie / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(seen.api / n - 0.1)).toBeLessThan(0.01);
  });

  it('joins cookies onto a cookie header a group already set', () => {
    const spec = parseTraffic({
      rps: 1,
      headers: [{ share: 1, values: { Cookie: 'session=x' } }],
      cookies: [{ share: 1, values: { canary: 'always', b: '2' } }],
    });
    expect(buildRequest(spec, 'shop', 'ns', createRng(1)).headers['cookie']).toBe(
      'session=x; canary=always; b=2',
    );
  });

  it('addresses the host from the namespace of the VirtualService', () => {
    const r = buildRequest(parseTraffic({ rps: 1, method: 'POST', path: '/x' }), 'shop', 'ns', createRng(1));
    expect(r).toMatchObject({
      method: 'POST',
      path: '/x',
      authority: 'shop',
      sourceNamespace: 'ns',
      headers: {},
    });
  });
});
