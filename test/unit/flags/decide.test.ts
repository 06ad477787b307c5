import { describe, expect, it } from 'vitest';
import { decide, type FlagObserved } from '../../../src/flags/decide.js';
import type { FlagOutcome } from '../../../src/flags/decide-set.js';
import { boolVariants, featureFlag } from './support.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const H = 'a'.repeat(64);
const OLD = 'b'.repeat(64);

const flag = (spec: Record<string, unknown> = {}, status?: Record<string, unknown>) =>
  featureFlag({
    name: 'f',
    spec: { ...boolVariants, ...spec },
    metadata: { generation: 3 },
    ...(status ? { status } : {}),
  });

const observed = (outcome: Partial<FlagOutcome>): FlagObserved => ({
  namespace: 'shop',
  configMapName: 'fledge-flags-default',
  outcome: { name: 'f', key: 'f', issues: [], ...outcome },
});

const ready = (d: ReturnType<typeof decide>) => d.status.conditions?.find((c) => c.type === 'Ready');
const where = 'ConfigMap shop/fledge-flags-default';

describe('decide', () => {
  it.each<[string, Partial<FlagOutcome>, { status: string; reason: string; message: string }]>([
    [
      'published',
      { published: { source: 'current', hash: H } },
      { status: 'True', reason: 'Published', message: `published as "f" in ${where}` },
    ],
    [
      'invalid, last good kept',
      {
        issues: [{ path: 'spec.rollout.percentage', message: 'must be an integer between 0 and 100' }],
        published: { source: 'lastGood', hash: OLD },
      },
      {
        status: 'False',
        reason: 'InvalidSpec',
        message: `spec.rollout.percentage: must be an integer between 0 and 100 (the last good version stays published in ${where})`,
      },
    ],
    [
      'invalid, nothing to keep',
      {
        issues: [{ path: 'spec.defaultVariant', message: 'x' }],
        dropped: { key: 'f', reason: 'Invalid', message: 'm' },
      },
      {
        status: 'False',
        reason: 'InvalidSpec',
        message: `spec.defaultVariant: x (not published in ${where} (no earlier good version))`,
      },
    ],
    [
      'duplicate key',
      { dropped: { key: 'f', reason: 'DuplicateKey', message: 'flag key "f" is already used' } },
      {
        status: 'False',
        reason: 'DuplicateKey',
        message: `flag key "f" is already used (not published in ${where})`,
      },
    ],
    [
      'set too large',
      { refused: 'flag set is 950.0 KiB serialised, over the 900.0 KiB limit' },
      {
        status: 'False',
        reason: 'FlagSetTooLarge',
        message: `flag set is 950.0 KiB serialised, over the 900.0 KiB limit; ${where} was left as it was`,
      },
    ],
    [
      'evaluator conflict',
      { published: { source: 'lastGood', hash: OLD, conflict: 'evaluator "s" differs' } },
      {
        status: 'False',
        reason: 'EvaluatorConflict',
        message: `evaluator "s" differs (the last good version stays published in ${where})`,
      },
    ],
  ])('Ready when %s', (_n, outcome, expected) => {
    const d = decide(flag(), observed(outcome), NOW);
    expect(ready(d)).toEqual({
      type: 'Ready',
      observedGeneration: 3,
      lastTransitionTime: '2026-11-28T12:00:00Z',
      ...expected,
    });
    expect(d.status.observedGeneration).toBe(3);
  });

  it('records what is published: publishedTo and compiledHash', () => {
    const d = decide(flag(), observed({ published: { source: 'lastGood', hash: OLD } }), NOW);
    expect(d.status.publishedTo).toEqual({
      configMap: 'fledge-flags-default',
      namespace: 'shop',
      key: 'flags.json',
    });
    expect(d.status.compiledHash).toBe(OLD);
  });

  it('clears them when the flag is not in the set, keeps them while the set is refused', () => {
    const before = {
      compiledHash: OLD,
      publishedTo: { configMap: 'fledge-flags-default', namespace: 'shop', key: 'flags.json' },
    };
    expect(
      decide(flag({}, before), observed({ dropped: { key: 'f', reason: 'Invalid', message: '' } }), NOW)
        .status.compiledHash,
    ).toBeUndefined();
    expect(decide(flag({}, before), observed({ refused: 'too big' }), NOW).status).toMatchObject(before);
  });

  it('emits a Warning when the flag becomes invalid, once', () => {
    const out = observed({ issues: [{ path: 'spec.x', message: 'bad' }] });
    const first = decide(flag(), out, NOW);
    expect(first.actions).toEqual([
      {
        kind: 'event',
        type: 'Warning',
        reason: 'InvalidSpec',
        message: expect.stringContaining('spec.x: bad') as string,
      },
    ]);
    expect(first.statusChanged).toBe(true);
    const again = decide(flag({}, first.status), out, NOW + 60_000);
    expect(again.actions).toEqual([]);
    expect(again.statusChanged).toBe(false);
  });

  it('emits Published when what is published changes', () => {
    const first = decide(flag(), observed({ published: { source: 'current', hash: H } }), NOW);
    expect(first.actions.map((a) => a.reason)).toEqual(['Published']);
    expect(
      decide(flag({}, first.status), observed({ published: { source: 'current', hash: H } }), NOW).actions,
    ).toEqual([]);
    expect(
      decide(
        flag({}, first.status),
        observed({ published: { source: 'current', hash: OLD } }),
        NOW,
      ).actions.map((a) => a.reason),
    ).toEqual(['Published']);
  });

  it('keeps lastTransitionTime while Ready does not change', () => {
    const first = decide(flag(), observed({ published: { source: 'current', hash: H } }), NOW);
    const later = decide(
      flag({}, first.status),
      observed({ published: { source: 'current', hash: OLD } }),
      NOW + 3_600_000,
    );
    expect(ready(later)?.lastTransitionTime).toBe('2026-11-28T12:00:00Z');
  });

  it.each<[string, string | undefined, boolean | undefined, string, number | undefined]>([
    ['no expiry', undefined, undefined, 'NoExpiry', undefined],
    ['expires later: requeue at most a day ahead', '2027-03-01', false, 'NotExpired', 86_400_000],
    ['expires in 12 hours: requeue then', '2026-11-29', false, 'NotExpired', 12 * 3_600_000],
    ['expires today (from 00:00 UTC)', '2026-11-28', true, 'Expired', undefined],
    ['expired long ago', '2025-01-01', true, 'Expired', undefined],
  ])('Stale/expired: %s', (_n, expires, expired, reason, requeue) => {
    const d = decide(
      flag(expires ? { expires } : {}),
      observed({ published: { source: 'current', hash: H } }),
      NOW,
    );
    expect(d.status.expired).toBe(expired);
    expect(d.status.conditions?.find((c) => c.type === 'Stale')).toMatchObject({
      status: reason === 'Expired' ? 'True' : 'False',
      reason,
    });
    expect(d.requeueAfterMs).toBe(requeue);
    expect(d.actions.some((a) => a.reason === 'Expired')).toBe(reason === 'Expired');
  });

  it('keeps the status parts other controllers own', () => {
    const rollout = { phase: 'Progressing', percentage: 5 };
    expect(
      decide(flag({}, { rollout }), observed({ published: { source: 'current', hash: H } }), NOW).status
        .rollout,
    ).toEqual(rollout);
  });
});
