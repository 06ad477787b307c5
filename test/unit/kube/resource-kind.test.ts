import { describe, expect, it } from 'vitest';
import { apiVersionOf, kinds, resourcePath, type ResourceKind } from '../../../src/kube/resource-kind.js';

const canary: ResourceKind = {
  group: 'fledge.dev',
  version: 'v1alpha1',
  plural: 'canaries',
  kind: 'Canary',
  namespaced: true,
};
const node: ResourceKind = { group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false };

describe('resourcePath', () => {
  it.each([
    [kinds.configMap, undefined, undefined, undefined, '/api/v1/configmaps'],
    [kinds.configMap, 'shop', undefined, undefined, '/api/v1/namespaces/shop/configmaps'],
    [kinds.configMap, 'shop', 'a', undefined, '/api/v1/namespaces/shop/configmaps/a'],
    [
      canary,
      'shop',
      'checkout',
      'status',
      '/apis/fledge.dev/v1alpha1/namespaces/shop/canaries/checkout/status',
    ],
    [canary, undefined, undefined, undefined, '/apis/fledge.dev/v1alpha1/canaries'],
    [node, 'ignored', 'n1', undefined, '/api/v1/nodes/n1'],
  ])('%o %s %s %s → %s', (kind, ns, name, sub, path) => {
    expect(resourcePath(kind, ns, name, sub)).toBe(path);
  });

  it('escapes names', () => {
    expect(resourcePath(kinds.configMap, 'a', 'b/c')).toBe('/api/v1/namespaces/a/configmaps/b%2Fc');
  });

  it('apiVersionOf', () => {
    expect(apiVersionOf(kinds.configMap)).toBe('v1');
    expect(apiVersionOf(kinds.lease)).toBe('coordination.k8s.io/v1');
  });
});
