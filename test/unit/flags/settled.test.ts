import { describe, expect, it } from 'vitest';
import type { FlagOutcome } from '../../../src/flags/decide-set.js';
import type { FlagObserved } from '../../../src/flags/decide.js';
import { decideFlagStatus } from '../../../src/flags/publish-status.js';
import { SettledStatuses } from '../../../src/flags/settled.js';
import { boolVariants, featureFlag } from './support.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const LATER = NOW + 3_600_000;
const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const ID = 'shop/f';

const outcome = (hash: string, extra: Partial<FlagOutcome> = {}): FlagOutcome => ({
  name: 'f',
  key: 'f',
  issues: [],
  compiledHash: hash,
  published: { source: 'current', hash },
  ...extra,
});
const observed = (o: FlagOutcome): FlagObserved => ({
  namespace: 'shop',
  configMapName: 'fledge-flags-default',
  outcome: o,
});

/** The flag as it is after its status was written for `o`: what the next reconcile sees. */
function settledFlag(o: FlagOutcome, spec: Record<string, unknown> = boolVariants, rv = '7') {
  const fresh = featureFlag({ name: 'f', spec, metadata: { generation: 1, resourceVersion: rv } });
  const written = decideFlagStatus(fresh, observed(o), NOW);
  expect(written.statusChanged).toBe(true);
  return featureFlag({
    name: 'f',
    spec,
    metadata: { generation: 1, resourceVersion: rv },
    status: written.status,
  });
}

describe('SettledStatuses', () => {
  it('skips a flag whose object and outcome are unchanged since its status settled', () => {
    const o = outcome(H1);
    const flag = settledFlag(o);
    const s = new SettledStatuses();
    expect(s.isSettled(ID, '7', o)).toBe(false);
    const d = decideFlagStatus(flag, observed(o), NOW);
    expect(d.statusChanged).toBe(false);
    s.record(ID, '7', o, d);
    // What skipping stands for: deciding again, later, would find nothing to write either.
    expect(decideFlagStatus(flag, observed(outcome(H1)), LATER).statusChanged).toBe(false);
    expect(s.isSettled(ID, '7', outcome(H1))).toBe(true);
  });

  it('decides again when the outcome changes (a new compile published), and that decision writes', () => {
    const o = outcome(H1);
    const flag = settledFlag(o);
    const s = new SettledStatuses();
    s.record(ID, '7', o, decideFlagStatus(flag, observed(o), NOW));
    const next = outcome(H2);
    expect(s.isSettled(ID, '7', next)).toBe(false);
    expect(decideFlagStatus(flag, observed(next), LATER).statusChanged).toBe(true);
    const refused = outcome(H1, { refused: 'flag set is 1 MiB' });
    expect(s.isSettled(ID, '7', refused)).toBe(false);
  });

  it('decides again when the object changes (another resourceVersion) or has none', () => {
    const o = outcome(H1);
    const s = new SettledStatuses();
    s.record(ID, '7', o, { statusChanged: false });
    expect(s.isSettled(ID, '8', o)).toBe(false);
    expect(s.isSettled(ID, undefined, o)).toBe(false);
    expect(s.isSettled('shop/g', '7', o)).toBe(false);
  });

  it('never settles a decision that wrote status or asked for a requeue (expiry)', () => {
    const o = outcome(H1);
    const s = new SettledStatuses();
    s.record(ID, '7', o, { statusChanged: true });
    expect(s.isSettled(ID, '7', o)).toBe(false);
    // A flag with spec.expires in the future asks to be requeued, so the clock matters: never skipped.
    const expiring = settledFlag(o, { ...boolVariants, expires: '2026-12-10' });
    const d = decideFlagStatus(expiring, observed(o), NOW);
    expect(d.statusChanged).toBe(false);
    expect(d.requeueAfterMs).toBeGreaterThan(0);
    s.record(ID, '7', o, d);
    expect(s.isSettled(ID, '7', o)).toBe(false);
    // A settled entry is dropped by a later decision that writes.
    s.record(ID, '7', o, { statusChanged: false });
    expect(s.isSettled(ID, '7', o)).toBe(true);
    s.record(ID, '7', o, { statusChanged: true });
    expect(s.isSettled(ID, '7', o)).toBe(false);
  });

  it('forgets deleted flags', () => {
    const s = new SettledStatuses();
    s.record('shop/a', '1', outcome(H1), { statusChanged: false });
    s.record('shop/b', '1', outcome(H1), { statusChanged: false });
    s.retain(new Set(['shop/b']));
    expect(s.size).toBe(1);
    expect(s.isSettled('shop/a', '1', outcome(H1))).toBe(false);
    expect(s.isSettled('shop/b', '1', outcome(H1))).toBe(true);
  });
});
