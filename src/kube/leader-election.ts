import type { Logger } from 'pino';
import { isConflict, isNotFound, errorMessage } from './api-error.js';
import { realClock, sleep, type Clock } from './clock.js';
import { microTime } from './events.js';
import type { KubeObject, ResourceClient } from './resource-client.js';

export interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number;
  };
}

/** The three calls leader election makes (a ResourceClient<Lease> has them). */
export type LeaseClient = Pick<ResourceClient<Lease>, 'get' | 'create' | 'replace'>;

export interface LeaderElectionOptions {
  client: LeaseClient;
  namespace: string;
  name: string;
  identity: string;
  logger: Logger;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock?: Clock;
  onStartedLeading: () => void;
  /** Called once when leadership ends, by release() or by failing to renew in time. */
  onStoppedLeading: (reason: 'released' | 'lost') => void;
  onNewLeader?: (identity: string) => void;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, after client-go:
 * acquire when the lease is free or expired, renew every retry period,
 * give up leadership when renewals fail for the renew deadline, and on
 * release clear the holder so a standby takes over at once.
 *
 * Expiry: a standby trusts the lease's renewTime only within one retry
 * period of when it saw the record change, so clock skew cannot make it
 * take over more than that early, while a dead leader is replaced right at
 * leaseDuration after its last renewal rather than a poll later.
 */
export class LeaderElector {
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly retryMs: number;
  private readonly stopper = new AbortController();
  private leading = false;
  /** Whether our last round ended holding the lease (may be true before `leading` during shutdown). */
  private holds = false;
  private observed: { rv: string; holder: string; expiresAt: number } | undefined;
  private loop: Promise<void> | undefined;
  private lastLeader: string | undefined;

  constructor(private readonly opts: LeaderElectionOptions) {
    this.clock = opts.clock ?? realClock;
    this.leaseMs = opts.leaseDurationMs ?? 15_000;
    this.renewMs = opts.renewDeadlineMs ?? 10_000;
    this.retryMs = opts.retryPeriodMs ?? 2_000;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops campaigning; if leading, clears the holder so a standby takes over without waiting. */
  async release(): Promise<void> {
    this.stopper.abort();
    await this.loop;
    const wasLeading = this.leading;
    this.leading = false;
    if (!this.holds) {
      if (wasLeading) this.callback(() => this.opts.onStoppedLeading('released'));
      return;
    }
    this.holds = false;
    try {
      const lease = await this.opts.client.get(this.opts.namespace, this.opts.name);
      if (lease.spec?.holderIdentity === this.opts.identity) {
        const now = microTime(this.clock.now());
        await this.opts.client.replace({
          ...lease,
          spec: {
            ...lease.spec,
            holderIdentity: null,
            leaseDurationSeconds: 1,
            acquireTime: now,
            renewTime: now,
          },
        });
        this.opts.logger.info({ lease: this.leaseName }, 'released leader lease');
      }
    } catch (err) {
      this.opts.logger.warn(
        { lease: this.leaseName, err: errorMessage(err) },
        'could not release leader lease; it will expire',
      );
    }
    if (wasLeading) this.callback(() => this.opts.onStoppedLeading('released'));
  }

  /** A throwing callback must not kill the election loop (and with it the renewals). */
  private callback(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.logger.error(
        { lease: this.leaseName, err: errorMessage(err) },
        'leader election callback threw',
      );
    }
  }

  private get leaseName(): string {
    return `${this.opts.namespace}/${this.opts.name}`;
  }

  private async run(): Promise<void> {
    const signal = this.stopper.signal;
    let lastRenew = this.clock.now();
    while (!signal.aborted) {
      let ok = false;
      try {
        ok = await this.tryAcquireOrRenew();
        this.holds = ok;
      } catch (err) {
        this.opts.logger.warn(
          { lease: this.leaseName, err: errorMessage(err) },
          'leader election: lease update failed',
        );
      }
      if (signal.aborted) break;
      const now = this.clock.now();
      if (ok) {
        lastRenew = now;
        if (!this.leading) {
          this.leading = true;
          this.opts.logger.info({ lease: this.leaseName, identity: this.opts.identity }, 'became leader');
          this.callback(() => this.opts.onStartedLeading());
        }
      } else if (this.leading && now - lastRenew >= this.renewMs) {
        this.leading = false;
        this.opts.logger.error(
          { lease: this.leaseName },
          'leader election lost: could not renew within the renew deadline',
        );
        this.holds = false;
        this.callback(() => this.opts.onStoppedLeading('lost'));
        return;
      }
      let wait = this.retryMs;
      if (!this.leading && this.observed && this.observed.holder) {
        wait = Math.max(10, Math.min(wait, this.observed.expiresAt - now + 10));
      }
      await sleep(this.clock, wait, signal);
    }
  }

  /** One round: returns true when we hold the lease afterwards. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const { client, namespace, name, identity } = this.opts;
    const now = this.clock.now();
    const fresh = (spec: Lease['spec']): Lease['spec'] => ({
      ...spec,
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.leaseMs / 1000),
      renewTime: microTime(now),
    });
    let lease: Lease;
    try {
      lease = await client.get(namespace, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await client.create({
          metadata: { name, namespace },
          spec: { ...fresh({}), acquireTime: microTime(now), leaseTransitions: 0 },
        });
        this.noteLeader(identity);
        return true;
      } catch (createErr) {
        if (isConflict(createErr)) return false; // someone else created it first
        throw createErr;
      }
    }
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    this.observe(lease, now);
    this.noteLeader(holder);
    const held = holder !== '' && holder !== identity && now < (this.observed?.expiresAt ?? 0);
    if (held) return false;
    const takingOver = holder !== identity;
    try {
      await client.replace({
        ...lease,
        spec: {
          ...fresh(spec),
          acquireTime: takingOver ? microTime(now) : (spec.acquireTime ?? microTime(now)),
          leaseTransitions: (spec.leaseTransitions ?? 0) + (takingOver && holder !== '' ? 1 : 0),
        },
      });
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
    this.noteLeader(identity);
    return true;
  }

  private observe(lease: Lease, now: number): void {
    const rv = lease.metadata?.resourceVersion ?? '';
    const holder = lease.spec?.holderIdentity ?? '';
    if (this.observed?.rv === rv) return;
    const durationMs = (lease.spec?.leaseDurationSeconds ?? this.leaseMs / 1000) * 1000;
    const renewed = Date.parse(lease.spec?.renewTime ?? '') || now;
    const base = Math.min(now, Math.max(renewed, now - this.retryMs));
    this.observed = { rv, holder, expiresAt: base + durationMs };
  }

  private noteLeader(holder: string): void {
    if (holder && holder !== this.lastLeader) {
      this.lastLeader = holder;
      this.callback(() => this.opts.onNewLeader?.(holder));
    }
  }
}
