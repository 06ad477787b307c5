import { describe, expect, it } from 'vitest';
import type { ConfigMapObject, FeatureFlagObject } from '../../../src/flags/controller-kind.js';
import { WrittenObjects } from '../../../src/flags/controller-fresh.js';
import { flagSetKeyOfConfigMap, flagSetKeyOfFlag, observeFlagSet } from '../../../src/flags/observe.js';
import { Informer, type ListWatcher } from '../../../src/kube/informer.js';
import type { KubeObject } from '../../../src/kube/resource-client.js';
import { silentLogger } from '../../../src/observability/logger.js';

/** An informer whose cache the test fills; it is never started, so nothing is listed or watched. */
function informerOf<T extends KubeObject>(objs: T[]): Informer<T> {
  const lw = { kind: { kind: 'X', plural: 'xs' } } as ListWatcher<T>;
  const inf = new Informer<T>(lw, { logger: silentLogger() });
  for (const o of objs) inf.cache.set(o);
  return inf;
}

const ff = (
  name: string,
  ns: string,
  flagSet?: string,
  extra: Record<string, unknown> = {},
): FeatureFlagObject => ({
  metadata: { name, namespace: ns, uid: `uid-${ns}-${name}`, resourceVersion: '10', ...extra },
  spec: flagSet ? { flagSet } : {},
});
const cm = (set: string, ns: string, rv = '10'): ConfigMapObject => ({
  metadata: {
    name: `fledge-flags-${set}`,
    namespace: ns,
    uid: `cm-${ns}-${set}`,
    resourceVersion: rv,
    labels: { 'app.kubernetes.io/managed-by': 'fledge', 'fledge.dev/flag-set': set },
    annotations: { 'fledge.dev/content-hash': 'h' },
  },
  data: { 'flags.json': `{"rv":${rv}}` },
});

describe('work-queue keys', () => {
  it.each<[string, FeatureFlagObject, string[]]>([
    ['a flag → its set', ff('a', 'shop', 'payments'), ['shop/payments']],
    ['no flagSet → default', ff('a', 'shop'), ['shop/default']],
    ['no namespace → nothing', { metadata: { name: 'a' }, spec: {} }, []],
  ])('%s', (_n, f, keys) => expect(flagSetKeyOfFlag(f)).toEqual(keys));

  it.each<[string, ConfigMapObject, string[]]>([
    ['a managed ConfigMap → its set', cm('payments', 'shop'), ['shop/payments']],
    ['no flag-set label → nothing', { metadata: { name: 'x', namespace: 'shop', labels: {} } }, []],
  ])('%s', (_n, c, keys) => expect(flagSetKeyOfConfigMap(c)).toEqual(keys));
});

describe('observeFlagSet', () => {
  const flags = informerOf([
    ff('a', 'shop'),
    ff('b', 'shop', 'default'),
    ff('c', 'shop', 'payments'),
    ff('d', 'other'),
    ff('gone', 'shop', 'default', { deletionTimestamp: '2026-01-01T00:00:00Z' }),
  ]);
  const configMaps = informerOf([cm('default', 'shop'), cm('default', 'other')]);

  it('takes the set’s live flags of its namespace and its ConfigMap', () => {
    const snap = observeFlagSet('shop/default', { flags, configMaps });
    expect(snap.flags.map((f) => f.metadata?.name).sort()).toEqual(['a', 'b']);
    expect(snap).toMatchObject({
      namespace: 'shop',
      flagSet: 'default',
      configMapName: 'fledge-flags-default',
    });
    expect(snap.configMap?.data).toEqual({ 'flags.json': '{"rv":10}' });
    expect(snap.configMap?.labels?.['fledge.dev/flag-set']).toBe('default');
    expect(snap.configMap?.annotations).toEqual({ 'fledge.dev/content-hash': 'h' });
  });

  it('has no ConfigMap when none exists', () => {
    expect(observeFlagSet('shop/payments', { flags, configMaps }).configMap).toBeUndefined();
  });

  it('prefers what this process wrote when the cache has not caught up yet', () => {
    const writtenConfigMaps = new WrittenObjects<ConfigMapObject>();
    writtenConfigMaps.remember(cm('default', 'shop', '12'));
    const writtenFlags = new WrittenObjects<FeatureFlagObject>();
    writtenFlags.remember({
      ...ff('a', 'shop'),
      metadata: { ...ff('a', 'shop').metadata, resourceVersion: '11' },
    });
    const snap = observeFlagSet('shop/default', { flags, configMaps, writtenFlags, writtenConfigMaps });
    expect(snap.configMap?.data?.['flags.json']).toBe('{"rv":12}');
    expect(snap.flags.find((f) => f.metadata?.name === 'a')?.metadata?.resourceVersion).toBe('11');
  });
});
