import { describe, expect, it } from 'vitest';
import { parseVirtualService } from '../../../support/mesh/virtual-service.js';

describe('parseVirtualService', () => {
  it('keeps the routing fields and drops the ones it does not simulate', () => {
    const vs = parseVirtualService({
      metadata: { namespace: 'shop', name: 'checkout' },
      spec: {
        hosts: ['checkout'],
        gateways: ['mesh'],
        http: [
          {
            name: 'primary',
            match: [{ headers: { 'x-user': { exact: 'a' } } }],
            route: [{ destination: { host: 'checkout-primary', port: { number: 80 } }, weight: 100 }],
            retries: { attempts: 3 },
            timeout: '5s',
          },
        ],
      },
    });
    expect(vs).toEqual({
      namespace: 'shop',
      name: 'checkout',
      hosts: ['checkout'],
      http: [
        {
          name: 'primary',
          match: [{ headers: { 'x-user': { exact: 'a' } } }],
          route: [{ destination: { host: 'checkout-primary', port: { number: 80 } }, weight: 100 }],
        },
      ],
    });
  });

  it('treats a VirtualService without http routes as routing nothing', () => {
    expect(
      parseVirtualService({ metadata: { namespace: 'a', name: 'b' }, spec: { hosts: ['b'], tcp: [] } }),
    ).toMatchObject({
      http: [],
    });
  });

  it('names the field of a spec it cannot read', () => {
    const r = parseVirtualService({
      metadata: { namespace: 'a', name: 'b' },
      spec: { http: [{ route: [{ weight: 5 }] }] },
    });
    expect(r).toEqual({ error: expect.stringContaining('spec.http.0.route.0.destination') });
  });
});
