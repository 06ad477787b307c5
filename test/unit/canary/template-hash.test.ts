import { describe, expect, it } from 'vitest';
import { canonical, normaliseTemplate, templateHash } from '../../../src/canary/template-hash.js';

/** A template as a user writes it. */
const written = () => ({
  metadata: { labels: { app: 'podinfo' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'ghcr.io/stefanprodan/podinfo:6.0.0',
        ports: [{ name: 'http', containerPort: 9898 }],
        readinessProbe: { httpGet: { path: '/readyz', port: 9898 } },
      },
    ],
    volumes: [{ name: 'cfg', configMap: { name: 'podinfo-config' } }],
  },
});

/** The same template as the apiserver returns it, with every default filled in. */
const defaulted = () => ({
  metadata: { creationTimestamp: null, labels: { app: 'podinfo' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'ghcr.io/stefanprodan/podinfo:6.0.0',
        imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: 9898, protocol: 'TCP' }],
        readinessProbe: {
          httpGet: { path: '/readyz', port: 9898, scheme: 'HTTP' },
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    volumes: [{ name: 'cfg', configMap: { name: 'podinfo-config', defaultMode: 420 } }],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    securityContext: {},
    schedulerName: 'default-scheduler',
  },
});

describe('templateHash', () => {
  it('ignores the defaults the apiserver fills in', () => {
    expect(templateHash(defaulted())).toBe(templateHash(written()));
  });

  it('ignores key order', () => {
    const t = written();
    const reordered = { spec: t.spec, metadata: t.metadata };
    expect(templateHash(reordered)).toBe(templateHash(t));
  });

  it.each([
    ['a new image', (t: ReturnType<typeof written>) => (t.spec.containers[0]!.image = 'podinfo:6.0.1')],
    ['a new label', (t: ReturnType<typeof written>) => Object.assign(t.metadata.labels, { v: '2' })],
    [
      'a default set to another value',
      (t: ReturnType<typeof written>) =>
        Object.assign(t.spec.containers[0]!.readinessProbe, { timeoutSeconds: 5 }),
    ],
    [
      'a restart annotation (kubectl rollout restart)',
      (t: ReturnType<typeof written>) =>
        Object.assign(t.metadata, { annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } }),
    ],
  ])('changes with %s', (_name, change) => {
    const t = written();
    change(t);
    expect(templateHash(t)).not.toBe(templateHash(written()));
  });

  it('keeps an explicit non-default pull policy, drops the default one for :latest', () => {
    const always = written();
    Object.assign(always.spec.containers[0]!, { imagePullPolicy: 'Always' });
    expect(templateHash(always)).not.toBe(templateHash(written()));
    const latest = written();
    latest.spec.containers[0]!.image = 'podinfo:latest';
    const latestDefaulted = structuredClone(latest);
    Object.assign(latestDefaulted.spec.containers[0]!, { imagePullPolicy: 'Always' });
    expect(templateHash(latestDefaulted)).toBe(templateHash(latest));
  });

  it('is 16 hex digits and does not mutate its input', () => {
    const t = defaulted();
    const copy = structuredClone(t);
    expect(templateHash(t)).toMatch(/^[0-9a-f]{16}$/);
    expect(t).toEqual(copy);
  });

  it('treats empty and absent alike', () => {
    expect(normaliseTemplate({ metadata: {}, spec: { containers: [{ name: 'a', env: [] }] } })).toEqual({
      spec: { containers: [{ name: 'a' }] },
    });
  });
});

describe('canonical', () => {
  it('sorts keys at every depth', () => {
    expect(canonical({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    );
  });
});
