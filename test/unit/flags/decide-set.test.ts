import { describe, expect, it } from 'vitest';
import { compileFeatureFlag } from '../../../src/flags/compile.js';
import { FlagCompileCache } from '../../../src/flags/compile-cache.js';
import { decide } from '../../../src/flags/decide.js';
import { decideSet, type FlagSetObserved, type ObservedConfigMap } from '../../../src/flags/decide-set.js';
import { CONTENT_HASH_ANNOTATION, FLAGS_KEY, flagSetLabels } from '../../../src/flags/names.js';
import { boolVariants, featureFlag, flagdSchemaErrors } from './support.js';

const ns = 'shop';
const good = (name: string, p = 10, extra: Record<string, unknown> = {}) =>
  featureFlag({
    name,
    spec: { ...boolVariants, rollout: { percentage: p } },
    metadata: {
      uid: `uid-${name}`,
      resourceVersion: `${p}`,
      creationTimestamp: '2026-01-01T00:00:00Z',
      ...extra,
    },
  });
const bad = (name: string, status?: Record<string, unknown>) =>
  featureFlag({
    name,
    spec: { ...boolVariants, rollout: { percentage: 101 } },
    metadata: { uid: `uid-${name}`, resourceVersion: '99' },
    ...(status ? { status } : {}),
  });

function observed(flags: unknown[], configMap?: ObservedConfigMap): FlagSetObserved {
  return { namespace: ns, flagSet: 'default', flags, configMap };
}

/** The ConfigMap as it would be after applying a decision's desired object. */
function applied(d: ReturnType<typeof decideSet>): ObservedConfigMap {
  if (d.action.kind !== 'apply') throw new Error(`expected apply, got ${d.action.kind}`);
  const { metadata, data } = d.action.configMap;
  return { labels: metadata.labels, annotations: metadata.annotations, data };
}

describe('decideSet', () => {
  it('applies a new ConfigMap fledge-flags-<set> with labels, hash annotation and flags.json', () => {
    const d = decideSet(observed([good('a'), good('b')]));
    expect(d.configMapName).toBe('fledge-flags-default');
    if (d.action.kind !== 'apply') throw new Error('expected apply');
    const cm = d.action.configMap;
    expect(cm.metadata).toEqual({
      name: 'fledge-flags-default',
      namespace: ns,
      labels: flagSetLabels('default'),
      annotations: { [CONTENT_HASH_ANNOTATION]: d.hash },
    });
    expect(cm.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'fledge',
      'fledge.dev/flag-set': 'default',
    });
    expect(flagdSchemaErrors(JSON.parse(cm.data[FLAGS_KEY] ?? ''))).toEqual([]);
    expect(d.outcomes.get('a')).toMatchObject({ key: 'a', issues: [], published: { source: 'current' } });
  });

  it('writes nothing when the ConfigMap already holds the same document', () => {
    const first = decideSet(observed([good('a')]));
    expect(decideSet(observed([good('a')], applied(first))).action).toEqual({ kind: 'none' });
  });

  it.each<[string, (cm: ObservedConfigMap) => ObservedConfigMap]>([
    ['flags.json edited by hand', (cm) => ({ ...cm, data: { [FLAGS_KEY]: '{"flags":{}}' } })],
    ['an extra key added', (cm) => ({ ...cm, data: { ...cm.data, extra: 'x' } })],
    ['the hash annotation removed', (cm) => ({ ...cm, annotations: {} })],
    ['the labels removed', (cm) => ({ ...cm, labels: {} })],
  ])('restores a ConfigMap with %s', (_n, edit) => {
    const cm = applied(decideSet(observed([good('a')])));
    expect(decideSet(observed([good('a')], edit(cm))).action.kind).toBe('apply');
  });

  it('deletes the ConfigMap when no flag is left, and does nothing when there is none', () => {
    const cm = applied(decideSet(observed([good('a')])));
    expect(decideSet(observed([], cm)).action).toEqual({
      kind: 'delete',
      name: 'fledge-flags-default',
      namespace: ns,
    });
    expect(decideSet(observed([])).action).toEqual({ kind: 'none' });
  });

  it('keeps the last good version of a flag that became invalid, after a restart too', () => {
    const before = decideSet(observed([good('a'), good('b', 20)]));
    const cm = applied(before);
    const goodHash = before.outcomes.get('b')?.published?.hash;
    // The status written after the first publish records compiledHash; a fresh cache is a restart.
    const d = decideSet(
      observed([good('a'), bad('b', { compiledHash: goodHash })], cm),
      new FlagCompileCache(),
    );
    expect(d.action).toEqual({ kind: 'none' });
    expect(d.outcomes.get('b')).toMatchObject({
      issues: [{ path: 'spec.rollout.percentage' }],
      published: { source: 'lastGood', hash: goodHash },
    });
  });

  it('does not read the published document back when every new version is taken', () => {
    const before = decideSet(observed([good('a'), good('b', 20)]));
    const cm = applied(before);
    const status = (name: string) => ({ compiledHash: before.outcomes.get(name)?.compiledHash });
    let reads = 0;
    const counted = (c: ObservedConfigMap): ObservedConfigMap => ({
      ...c,
      data: {
        get [FLAGS_KEY]() {
          reads++;
          return c.data?.[FLAGS_KEY] ?? '';
        },
      },
    });
    // b's spec changed: its new hash differs from the recorded one, but it compiles and is published.
    const updated = { ...good('b', 30), status: status('b') };
    const d = decideSet(observed([{ ...good('a'), status: status('a') }, updated], counted(cm)));
    expect(d.outcomes.get('b')?.published?.source).toBe('current');
    const readsToCompare = reads; // upToDate compares the stored text with the new one
    expect(readsToCompare).toBeLessThanOrEqual(1);
    // b broken instead: now its last good version must come from the document.
    reads = 0;
    const broken = decideSet(observed([good('a'), bad('b', status('b'))], counted(cm)));
    expect(broken.outcomes.get('b')?.published?.source).toBe('lastGood');
    expect(reads).toBe(readsToCompare + 1);
  });

  it('does not take a hand-edited definition as last good', () => {
    const cm = applied(decideSet(observed([good('a'), good('b', 20)])));
    const doc = JSON.parse(cm.data?.[FLAGS_KEY] ?? '') as {
      flags: Record<string, { defaultVariant: string }>;
    };
    doc.flags.b!.defaultVariant = 'on';
    const edited = { ...cm, data: { [FLAGS_KEY]: JSON.stringify(doc) } };
    const goodHash = compileFeatureFlag(good('b', 20));
    const d = decideSet(
      observed([good('a'), bad('b', { compiledHash: goodHash.ok ? goodHash.compiled.hash : '' })], edited),
    );
    expect(d.outcomes.get('b')).toMatchObject({ dropped: { reason: 'Invalid' } });
    expect(d.outcomes.get('b')?.published).toBeUndefined();
  });

  it('publishes the other flags normally beside an invalid one', () => {
    const d = decideSet(observed([good('a'), bad('b')]));
    const text = applied(d).data?.[FLAGS_KEY] ?? '';
    expect(Object.keys((JSON.parse(text) as { flags: object }).flags)).toEqual(['a']);
    expect(d.outcomes.get('b')).toMatchObject({ dropped: { reason: 'Invalid' } });
  });

  it('refuses a set over 900 KiB: no write, every flag told the size', () => {
    const huge = (name: string) =>
      featureFlag({ name, spec: { variants: { on: 'x'.repeat(65_000), off: 'y' }, defaultVariant: 'off' } });
    const d = decideSet(
      observed(
        Array.from({ length: 15 }, (_, i) => huge(`h${i}`)),
        { data: { [FLAGS_KEY]: '{"flags":{}}' } },
      ),
    );
    expect(d.action).toEqual({ kind: 'none' });
    expect(d.bytes).toBeGreaterThan(900 * 1024);
    expect(d.outcomes.get('h0')?.refused).toMatch(/KiB serialised, over the 900\.0 KiB limit/);
  });

  it('reports a second FeatureFlag using the same key', () => {
    const one = featureFlag({
      name: 'one',
      spec: { key: 'k', ...boolVariants },
      metadata: { creationTimestamp: '2026-01-01T00:00:00Z' },
    });
    const two = featureFlag({
      name: 'two',
      spec: { key: 'k', ...boolVariants },
      metadata: { creationTimestamp: '2026-01-02T00:00:00Z' },
    });
    const d = decideSet(observed([two, one]));
    expect(d.outcomes.get('one')?.published?.source).toBe('current');
    expect(d.outcomes.get('two')?.dropped).toMatchObject({
      reason: 'DuplicateKey',
      message: 'flag key "k" is already used by FeatureFlag one of this flag set',
    });
  });

  it('reports the newer of two flags defining one segment differently', () => {
    const older = featureFlag({
      name: 'older',
      spec: { ...boolVariants, segments: { s: { attribute: 'a', equals: 1 } } },
      metadata: { creationTimestamp: '2026-01-01T00:00:00Z' },
    });
    const newer = featureFlag({
      name: 'newer',
      spec: { ...boolVariants, segments: { s: { attribute: 'a', equals: 2 } } },
      metadata: { creationTimestamp: '2026-01-02T00:00:00Z' },
    });
    const d = decideSet(observed([newer, older]));
    expect(d.outcomes.get('older')?.issues).toEqual([]);
    expect(d.outcomes.get('newer')?.issues).toEqual([
      expect.objectContaining({
        path: 'spec.segments.s',
        message: expect.stringMatching(/already defined differently by flag "older"/),
      }),
    ]);
  });

  it('recompiles only the flag that changed (cache)', () => {
    const cache = new FlagCompileCache();
    const flags = Array.from({ length: 50 }, (_, i) => good(`f${i}`));
    decideSet(observed(flags), cache);
    expect(cache.stats).toEqual({ validations: 50, compilations: 50 });
    flags[7] = good('f7', 40);
    const d = decideSet(observed(flags), cache);
    expect(cache.stats).toEqual({ validations: 51, compilations: 51 });
    expect(d.outcomes.get('f7')?.published?.source).toBe('current');
  });

  it('keeps a flag serving through decide → status → restart → invalid update', () => {
    // 1. publish, and write each flag's status as decide() says.
    const first = decideSet(observed([good('a'), good('b', 20)]));
    const cm = applied(first);
    const outcome = first.outcomes.get('b');
    if (!outcome) throw new Error('no outcome for b');
    const status = decide(
      good('b', 20),
      { namespace: ns, configMapName: first.configMapName, outcome },
      0,
    ).status;
    // 2. restart (fresh cache), then b is updated with a bad spec.
    const d = decideSet(observed([good('a'), bad('b', status)], cm), new FlagCompileCache());
    expect(d.action).toEqual({ kind: 'none' });
    const after = d.outcomes.get('b');
    if (!after) throw new Error('no outcome for b');
    const next = decide(
      bad('b', status),
      { namespace: ns, configMapName: d.configMapName, outcome: after },
      1000,
    );
    expect(next.status.compiledHash).toBe(status.compiledHash);
    expect(next.status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'InvalidSpec',
      message: expect.stringMatching(
        /^spec\.rollout\.percentage: .*the last good version stays published/,
      ) as string,
    });
  });
});
