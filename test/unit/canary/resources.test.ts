import { describe, expect, it } from 'vitest';
import { withCanaryDefaults } from '../../../src/api/canary-defaults.js';
import { exampleCanary } from '../../../src/api/examples.js';
import {
  buildPrimary,
  buildServices,
  configRefs,
  discoveredPorts,
  primarySelector,
  REVISION_ANNOTATION,
  type Deployment,
} from '../../../src/canary/resources.js';

const canary = () => {
  const c = exampleCanary('shop');
  c.metadata.uid = 'uid-1';
  return c;
};

const target = (): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'podinfo', namespace: 'shop', labels: { team: 'a' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'podinfo' } },
    template: {
      metadata: { labels: { app: 'podinfo', version: 'v1' } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'podinfo:6.0.0',
            env: [
              { name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'a' } } },
              { name: 'B', valueFrom: { secretKeyRef: { name: 'creds', key: 'b', optional: true } } },
            ],
            envFrom: [{ secretRef: { name: 'tokens' } }],
          },
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'files' } }],
      },
    },
  },
});

describe('buildPrimary', () => {
  it('copies the target with its own selector, the revision and an owner reference', () => {
    const p = buildPrimary(canary(), target(), 'rev1', new Set());
    expect(p.metadata?.name).toBe('podinfo-primary');
    expect(p.metadata?.annotations?.[REVISION_ANNOTATION]).toBe('rev1');
    expect(p.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Canary', name: 'podinfo', uid: 'uid-1' });
    expect(p.spec?.selector.matchLabels).toEqual({ app: 'podinfo-primary' });
    expect(p.spec?.template.metadata?.labels).toEqual({ app: 'podinfo-primary', version: 'v1' });
    expect(p.spec?.replicas).toBe(3);
  });

  it('points tracked configs at their -primary copies and leaves the rest', () => {
    const p = buildPrimary(canary(), target(), 'rev1', new Set(['configmap/settings', 'configmap/files']));
    const c = p.spec?.template.spec?.containers[0];
    expect(c?.env?.[0]?.valueFrom?.configMapKeyRef?.name).toBe('settings-primary');
    expect(c?.env?.[1]?.valueFrom?.secretKeyRef?.name).toBe('creds');
    expect(c?.envFrom?.[0]?.secretRef?.name).toBe('tokens');
    expect(p.spec?.template.spec?.volumes?.[0]?.configMap?.name).toBe('files-primary');
  });

  it('does not change the target', () => {
    const t = target();
    buildPrimary(canary(), t, 'rev1', new Set(['configmap/settings']));
    expect(t).toEqual(target());
  });

  it('runs at least one replica when the target was scaled to 0', () => {
    const t = target();
    t.spec!.replicas = 0;
    expect(buildPrimary(canary(), t, 'r', new Set()).spec?.replicas).toBe(1);
  });
});

describe('buildServices', () => {
  it('makes apex and -primary select the primary, -canary the target, on the spec port', () => {
    const [apex, primary, canarySvc] = buildServices(withCanaryDefaults(canary()), target());
    expect([apex, primary, canarySvc].map((s) => s?.metadata?.name)).toEqual([
      'podinfo',
      'podinfo-primary',
      'podinfo-canary',
    ]);
    expect(apex?.spec?.selector).toEqual({ app: 'podinfo-primary' });
    expect(primary?.spec?.selector).toEqual({ app: 'podinfo-primary' });
    expect(canarySvc?.spec?.selector).toEqual({ app: 'podinfo' });
    expect(apex?.spec?.ports).toEqual([{ name: 'http', port: 9898, protocol: 'TCP', targetPort: 9898 }]);
  });

  it('names the Services after spec.service.name when set', () => {
    const c = canary();
    c.spec.service.name = 'shop-api';
    expect(buildServices(withCanaryDefaults(c), target()).map((s) => s.metadata?.name)).toEqual([
      'shop-api',
      'shop-api-primary',
      'shop-api-canary',
    ]);
  });
});

describe('labels of managed objects (GitOps)', () => {
  const managed = {
    'app.kubernetes.io/managed-by': 'fledge',
    'fledge.dev/canary': 'podinfo',
  };
  const argo = {
    'argocd.argoproj.io/compare-options': 'IgnoreExtraneous',
    'argocd.argoproj.io/sync-options': 'Prune=false',
  };

  it('marks the primary as Fledge-managed for its Canary, over a managed-by label of the target', () => {
    const t = target();
    t.metadata!.labels = { team: 'a', 'app.kubernetes.io/managed-by': 'Helm' };
    const p = buildPrimary(canary(), t, 'rev1', new Set());
    expect(p.metadata?.labels).toMatchObject({ team: 'a', ...managed });
    expect(p.metadata?.annotations).toMatchObject(argo);
  });

  it('marks the three Services', () => {
    for (const s of buildServices(withCanaryDefaults(canary()), target())) {
      expect(s.metadata?.labels).toEqual(managed);
      expect(s.metadata?.annotations).toEqual(argo);
    }
  });
});

describe('portDiscovery', () => {
  const withPorts = (): Deployment => {
    const t = target();
    t.spec!.template.spec!.containers[0]!.ports = [
      { name: 'http', containerPort: 9898 },
      { name: 'grpc', containerPort: 9999 },
      { containerPort: 8125, protocol: 'UDP' },
    ];
    t.spec!.template.spec!.containers.push({
      name: 'sidecar',
      image: 's',
      ports: [{ name: 'admin', containerPort: 9000 }],
    });
    t.spec!.template.spec!.initContainers = [{ name: 'init', image: 'i', ports: [{ containerPort: 7000 }] }];
    return t;
  };
  const discovering = () => {
    const c = canary();
    c.spec.service.portDiscovery = true;
    return withCanaryDefaults(c);
  };

  it('adds every other container port of the containers to all three Services', () => {
    const services = buildServices(discovering(), withPorts());
    for (const s of services)
      expect(s.spec?.ports).toEqual([
        { name: 'http', port: 9898, protocol: 'TCP', targetPort: 9898 },
        { name: 'grpc', port: 9999, protocol: 'TCP', targetPort: 9999 },
        { name: 'tcp-8125', port: 8125, protocol: 'UDP', targetPort: 8125 },
        { name: 'admin', port: 9000, protocol: 'TCP', targetPort: 9000 },
      ]);
  });

  it('is off by default: only the spec port', () => {
    expect(discoveredPorts(withCanaryDefaults(canary()), withPorts())).toEqual([]);
  });

  it('skips ports that clash with the main port by number or name, and duplicates', () => {
    const t = withPorts();
    t.spec!.template.spec!.containers[1]!.ports = [
      { name: 'grpc', containerPort: 9001 },
      { name: 'other', containerPort: 9999 },
      { name: 'http', containerPort: 9002 },
    ];
    expect(discoveredPorts(discovering(), t).map((p) => p.name)).toEqual(['grpc', 'tcp-8125']);
  });

  it('leaves out the container port a named targetPort points at', () => {
    const c = canary();
    c.spec.service = { ...c.spec.service, port: 80, targetPort: 'http', portDiscovery: true };
    expect(discoveredPorts(withCanaryDefaults(c), withPorts()).map((p) => p.port)).toEqual([
      9999, 8125, 9000,
    ]);
  });
});

describe('configRefs and primarySelector', () => {
  it('lists required ConfigMaps and Secrets, not optional ones', () => {
    expect([...configRefs(target().spec?.template.spec)].sort()).toEqual([
      'configmap/files',
      'configmap/settings',
      'secret/tokens',
    ]);
  });

  it('suffixes every selector value', () => {
    const t = target();
    t.spec!.selector.matchLabels = { app: 'a', tier: 'web' };
    expect(primarySelector(t)).toEqual({ app: 'a-primary', tier: 'web-primary' });
  });
});
