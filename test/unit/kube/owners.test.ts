import { describe, expect, it } from 'vitest';
import {
  controllerRef,
  getControllerOf,
  isOwnedBy,
  ownerKeys,
  withOwnerReference,
} from '../../../src/kube/owners.js';

const canary = {
  apiVersion: 'fledge.dev/v1alpha1',
  kind: 'Canary',
  metadata: { name: 'checkout', namespace: 'shop', uid: 'u-1' },
};

describe('owners', () => {
  it('controllerRef sets controller and blockOwnerDeletion', () => {
    expect(controllerRef(canary)).toEqual({
      apiVersion: 'fledge.dev/v1alpha1',
      kind: 'Canary',
      name: 'checkout',
      uid: 'u-1',
      controller: true,
      blockOwnerDeletion: true,
    });
  });

  it('controllerRef refuses an owner without uid (it was never read from the API)', () => {
    expect(() => controllerRef({ ...canary, metadata: { name: 'checkout' } })).toThrow(
      /Canary checkout.*uid/,
    );
  });

  it('withOwnerReference replaces a reference to the same uid and keeps others', () => {
    const other = { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'u-2' };
    const obj = {
      metadata: { name: 'svc', ownerReferences: [other, { ...controllerRef(canary), controller: false }] },
    };
    const out = withOwnerReference(obj, controllerRef(canary));
    expect(out.metadata.ownerReferences).toEqual([other, controllerRef(canary)]);
    expect(obj.metadata.ownerReferences).toHaveLength(2);
    expect(getControllerOf(out)?.uid).toBe('u-1');
    expect(isOwnedBy(out, canary)).toBe(true);
    expect(isOwnedBy({ metadata: {} }, canary)).toBe(false);
  });

  it('ownerKeys maps an owned object to its controlling owner of the right kind and group', () => {
    const map = ownerKeys('fledge.dev/v1beta1', 'Canary');
    const owned = withOwnerReference(
      { metadata: { name: 'checkout-primary', namespace: 'shop' } },
      controllerRef(canary),
    );
    expect(map(owned)).toEqual(['shop/checkout']);
    expect(ownerKeys('apps/v1', 'Deployment')(owned)).toEqual([]);
    expect(ownerKeys('other.io/v1', 'Canary')(owned)).toEqual([]);
    expect(map({ metadata: { name: 'free', namespace: 'shop' } })).toEqual([]);
    const notController = {
      metadata: {
        name: 'y',
        namespace: 'shop',
        ownerReferences: [{ ...controllerRef(canary), controller: false }],
      },
    };
    expect(map(notController)).toEqual([]);
  });
});
