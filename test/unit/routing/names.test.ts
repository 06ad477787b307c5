import { describe, expect, it } from 'vitest';
import { hostIs, routingNames } from '../../../src/routing/names.js';
import { canary } from './fixtures.js';

describe('routingNames', () => {
  it('derives from the target name by default', () => {
    expect(routingNames(canary())).toMatchObject({
      namespace: 'shop',
      apex: 'podinfo',
      primary: 'podinfo-primary',
      canary: 'podinfo-canary',
      ref: { kind: 'Canary', namespace: 'shop', name: 'podinfo' },
    });
  });

  it('follows spec.service.name', () => {
    expect(routingNames(canary({ name: 'web' }))).toMatchObject({
      apex: 'web',
      primary: 'web-primary',
      canary: 'web-canary',
    });
  });
});

describe('hostIs', () => {
  it.each([
    ['web-primary', true],
    ['web-primary.shop', true],
    ['web-primary.shop.svc', true],
    ['web-primary.shop.svc.cluster.local', true],
    ['web-primary.other.svc.cluster.local', false],
    ['web-primary-2', false],
    ['web', false],
  ])('%s → %s', (host, same) => {
    expect(hostIs(host, 'web-primary', 'shop')).toBe(same);
  });
});
