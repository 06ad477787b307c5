import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../../../src/kube/api-error.js';
import { LeaderElector, type Lease, type LeaseClient } from '../../../src/kube/leader-election.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { FakeClock, flush } from './fake-clock.js';

/** An in-memory Lease with the apiserver's optimistic concurrency (pure code, no HTTP). */
class LeaseStore implements LeaseClient {
  lease: Lease | undefined;
  rv = 0;
  down = false;

  get(): Promise<Lease> {
    if (this.down) return Promise.reject(new KubeApiError('get Lease', 0, { message: 'connection refused' }));
    if (!this.lease) return Promise.reject(new KubeApiError('get Lease', 404, { reason: 'NotFound' }));
    return Promise.resolve(structuredClone(this.lease));
  }

  create(obj: Lease): Promise<Lease> {
    if (this.down) return Promise.reject(new KubeApiError('create Lease', 0));
    if (this.lease) return Promise.reject(new KubeApiError('create Lease', 409, { reason: 'AlreadyExists' }));
    this.lease = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    return Promise.resolve(structuredClone(this.lease));
  }

  replace(obj: Lease): Promise<Lease> {
    if (this.down) return Promise.reject(new KubeApiError('update Lease', 0));
    if (obj.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) {
      return Promise.reject(new KubeApiError('update Lease', 409, { reason: 'Conflict' }));
    }
    this.lease = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    return Promise.resolve(structuredClone(this.lease));
  }
}

/** `identity`'s view of the store; cut off (like a dead or partitioned replica) when listed in `cut`. */
function view(store: LeaseStore, identity: string, cut: Set<string>): LeaseClient {
  const guard = <T>(call: () => Promise<T>): Promise<T> =>
    cut.has(identity)
      ? Promise.reject(new KubeApiError(`${identity}: Lease`, 0, { message: 'unreachable' }))
      : call();
  return {
    get: () => guard(() => store.get()),
    create: (obj) => guard(() => store.create(obj)),
    replace: (obj) => guard(() => store.replace(obj)),
  };
}

function elector(store: LeaseStore, clock: FakeClock, identity: string, cut = new Set<string>()) {
  const events: string[] = [];
  const e = new LeaderElector({
    client: view(store, identity, cut),
    namespace: 'ops',
    name: 'fledge',
    identity,
    logger: silentLogger(),
    clock,
    onStartedLeading: () => events.push('started'),
    onStoppedLeading: (why) => events.push(`stopped:${why}`),
  });
  return { e, events };
}

describe('LeaderElector', () => {
  it('acquires a missing lease, keeps renewing it, and a second candidate waits', async () => {
    const store = new LeaseStore();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    const b = elector(store, clock, 'b');
    a.e.start();
    await flush();
    b.e.start();
    await clock.advance(60_000);
    expect(a.events).toEqual(['started']);
    expect(b.events).toEqual([]);
    expect(store.lease?.spec).toMatchObject({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    expect(Date.parse(store.lease?.spec?.renewTime ?? '')).toBeGreaterThan(58_000 - 1);
    await a.e.release();
    await b.e.release();
  });

  it('a standby takes over 15 s after the last renewal of a dead leader, not before', async () => {
    const store = new LeaseStore();
    const clock = new FakeClock();
    const cut = new Set<string>();
    const a = elector(store, clock, 'a', cut);
    const b = elector(store, clock, 'b', cut);
    a.e.start();
    await flush();
    b.e.start();
    await clock.advance(10_000);
    const lastRenew = Date.parse(store.lease?.spec?.renewTime ?? '');
    // The leader dies: from now on nothing it sends arrives.
    cut.add('a');
    await clock.advance(lastRenew + 15_000 - clock.now() - 1);
    expect(store.lease?.spec?.holderIdentity).toBe('a');
    await clock.advance(100);
    expect(store.lease?.spec?.holderIdentity).toBe('b');
    expect(store.lease?.spec?.leaseTransitions).toBe(1);
    expect(b.events).toEqual(['started']);
    expect(a.events).toEqual(['started', 'stopped:lost']); // it gave up at the 10 s renew deadline, before b took over
    await b.e.release();
  });

  it('release clears the holder so a standby takes over at its next retry', async () => {
    const store = new LeaseStore();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    const b = elector(store, clock, 'b');
    a.e.start();
    await flush();
    b.e.start();
    await clock.advance(5_000);
    await a.e.release();
    expect(a.events).toEqual(['started', 'stopped:released']);
    expect(store.lease?.spec?.holderIdentity).toBeNull();
    await clock.advance(2_000);
    expect(store.lease?.spec?.holderIdentity).toBe('b');
    await b.e.release();
  });

  it('a leader that cannot renew for the renew deadline steps down', async () => {
    const store = new LeaseStore();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    a.e.start();
    await clock.advance(4_000);
    store.down = true;
    await clock.advance(8_000);
    expect(a.events).toEqual(['started']); // still within the 10 s deadline
    await clock.advance(4_000);
    expect(a.events).toEqual(['started', 'stopped:lost']);
    expect(a.e.isLeader).toBe(false);
  });

  it('a standby does not take over while the leader keeps renewing', async () => {
    const store = new LeaseStore();
    const clock = new FakeClock();
    const a = elector(store, clock, 'a');
    const b = elector(store, clock, 'b');
    a.e.start();
    await flush();
    b.e.start();
    await clock.advance(120_000);
    expect(store.lease?.spec?.holderIdentity).toBe('a');
    expect(b.events).toEqual([]);
    await a.e.release();
    await b.e.release();
  });
});
