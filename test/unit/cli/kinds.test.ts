import { describe, expect, it } from 'vitest';
import { canaryKind, conditionOf, featureFlagKind, num, str } from '../../../src/cli/kinds.js';
import { resourcePath } from '../../../src/kube/resource-kind.js';

describe('kinds', () => {
  it('name the REST paths the CRDs serve', () => {
    expect(resourcePath(canaryKind, 'shop', 'web')).toBe(
      '/apis/fledge.dev/v1alpha1/namespaces/shop/canaries/web',
    );
    expect(resourcePath(featureFlagKind, 'shop')).toBe(
      '/apis/fledge.dev/v1alpha1/namespaces/shop/featureflags',
    );
  });

  it('read loosely typed fields', () => {
    expect([num(3), num('3'), num(NaN), str('a'), str(1)]).toEqual([3, undefined, undefined, 'a', undefined]);
    expect(conditionOf([{ type: 'Ready', status: 'True' }], 'Ready')?.status).toBe('True');
    expect(conditionOf(undefined, 'Ready')).toBeUndefined();
  });
});
