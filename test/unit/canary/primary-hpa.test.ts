import { describe, expect, it } from 'vitest';
import { exampleCanary } from '../../../src/api/examples.js';
import { buildPrimaryHpa, primaryHpaDrift, type Hpa } from '../../../src/canary/primary-hpa.js';

const canary = () => {
  const c = exampleCanary('shop');
  c.metadata.uid = 'uid-1';
  c.spec.autoscalerRef = { name: 'podinfo' };
  return c;
};

const hpa = (): Hpa => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'podinfo', namespace: 'shop', labels: { team: 'a' }, resourceVersion: '7' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
    minReplicas: 2,
    maxReplicas: 5,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ],
  },
});

describe('buildPrimaryHpa', () => {
  it('copies the spec, scaling <target>-primary, named <hpa>-primary, owned and labelled', () => {
    const p = buildPrimaryHpa(canary(), hpa());
    expect(p.metadata).toMatchObject({
      name: 'podinfo-primary',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/managed-by': 'fledge', 'fledge.dev/canary': 'podinfo' },
      annotations: { 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous' },
    });
    expect(p.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Canary', name: 'podinfo', uid: 'uid-1' });
    expect(p.spec).toEqual({
      ...hpa().spec,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo-primary' },
    });
  });

  it('does not change the source', () => {
    const h = hpa();
    buildPrimaryHpa(canary(), h);
    expect(h).toEqual(hpa());
  });
});

describe('primaryHpaDrift', () => {
  const want = () => buildPrimaryHpa(canary(), hpa());

  it('is none for the same spec in another key order, with extra labels', () => {
    const w = want();
    const have: Hpa = {
      metadata: { ...w.metadata, labels: { ...w.metadata?.labels, extra: 'x' } },
      spec: Object.fromEntries(Object.entries(w.spec!).reverse()) as Hpa['spec'],
    };
    expect(primaryHpaDrift(have, w)).toBe(false);
  });

  it('is drift when missing, when the source spec changed, or when a managed label is gone', () => {
    const w = want();
    expect(primaryHpaDrift(undefined, w)).toBe(true);
    expect(primaryHpaDrift({ ...w, spec: { ...w.spec!, maxReplicas: 9 } }, w)).toBe(true);
    expect(primaryHpaDrift({ ...w, metadata: { ...w.metadata, labels: {} } }, w)).toBe(true);
  });
});
