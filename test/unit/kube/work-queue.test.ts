import { describe, expect, it } from 'vitest';
import { WorkQueue, type QueueMetrics } from '../../../src/kube/work-queue.js';
import { FakeClock, flush } from './fake-clock.js';

function queue(opts: { qps?: number; burst?: number; metrics?: QueueMetrics } = {}): {
  q: WorkQueue;
  clock: FakeClock;
} {
  const clock = new FakeClock();
  return {
    q: new WorkQueue({
      clock,
      backoffBaseMs: 5,
      backoffMaxMs: 300_000,
      qps: opts.qps ?? 1000,
      burst: opts.burst ?? 1000,
      metrics: opts.metrics,
    }),
    clock,
  };
}

/** Keys available right now, without waiting. */
async function drainNow(q: WorkQueue): Promise<string[]> {
  const out: string[] = [];
  while (q.length > 0) {
    const k = await q.get();
    if (k === undefined) break;
    out.push(k);
  }
  return out;
}

describe('WorkQueue', () => {
  it('dedupes a key added several times before it is taken', async () => {
    const { q } = queue();
    q.add('a/x');
    q.add('a/x');
    q.add('a/y');
    q.add('a/x');
    expect(await drainNow(q)).toEqual(['a/x', 'a/y']);
  });

  it('hands a key to one worker at a time and re-queues it when added during processing', async () => {
    const { q } = queue();
    q.add('k');
    expect(await q.get()).toBe('k');
    q.add('k');
    expect(q.length).toBe(0); // not handed out twice while in flight
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await flush();
    expect(second).toBeUndefined();
    q.done('k');
    await flush();
    expect(second).toBe('k');
  });

  it('does not re-queue a key on done when nobody added it meanwhile', async () => {
    const { q } = queue();
    q.add('k');
    await q.get();
    q.done('k');
    expect(q.length).toBe(0);
  });

  it('backs off per key exponentially from 5 ms and caps at 5 minutes', async () => {
    const { q, clock } = queue();
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      q.addRateLimited('k');
      const delay = clock.nextTimerIn() ?? -1;
      await clock.advance(delay - 1);
      expect(q.length).toBe(0);
      await clock.advance(1);
      expect(q.length).toBe(1);
      delays.push(delay);
      expect(await q.get()).toBe('k');
      q.done('k');
    }
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    expect(Math.max(...delays)).toBe(300_000);
    expect(delays.at(-1)).toBe(300_000);
    expect(q.numRequeues('k')).toBe(20);
  });

  it('forget resets the backoff of a key', async () => {
    const { q, clock } = queue();
    q.addRateLimited('k');
    q.addRateLimited('k'); // second failure pending: 10 ms, but 5 ms timer is earlier
    await clock.advance(5);
    await q.get();
    q.done('k');
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
    q.addRateLimited('k');
    await clock.advance(4);
    expect(q.length).toBe(0);
    await clock.advance(1);
    expect(q.length).toBe(1);
  });

  it('applies the global token bucket across keys once the burst is spent', async () => {
    const { q, clock } = queue({ qps: 10, burst: 2 });
    for (const k of ['a', 'b', 'c', 'd']) q.addRateLimited(k);
    await clock.advance(5);
    expect(await drainNow(q)).toEqual(['a', 'b']); // burst of 2, at their 5 ms backoff
    await clock.advance(95); // t=100: one more token
    expect(await drainNow(q)).toEqual(['c']);
    await clock.advance(99);
    expect(q.length).toBe(0);
    await clock.advance(1); // t=200
    expect(await drainNow(q)).toEqual(['d']);
  });

  it('addAfter: the earliest pending delay wins', async () => {
    const { q, clock } = queue();
    q.addAfter('k', 1000);
    q.addAfter('k', 300);
    q.addAfter('k', 5000);
    await clock.advance(299);
    expect(q.length).toBe(0);
    await clock.advance(1);
    expect(await drainNow(q)).toEqual(['k']);
    q.done('k');
    await clock.advance(10_000);
    expect(q.length).toBe(0); // the later delays were superseded, not kept
  });

  it('addAfter with 0 adds at once', async () => {
    const { q } = queue();
    q.addAfter('k', 0);
    expect(await drainNow(q)).toEqual(['k']);
  });

  it('shutDown stops handing out work and waits for in-flight keys', async () => {
    const { q, clock } = queue();
    q.add('busy');
    q.add('waiting');
    q.addAfter('later', 100);
    expect(await q.get()).toBe('busy');
    let drained = false;
    const shut = q.shutDown().then(() => (drained = true));
    await flush();
    expect(drained).toBe(false);
    expect(await q.get()).toBeUndefined();
    q.add('new'); // ignored
    await clock.advance(1000);
    expect(q.length).toBe(1); // only 'waiting' that was there before, never handed out
    q.done('busy');
    await shut;
    expect(drained).toBe(true);
  });

  it('shutDown wakes idle workers', async () => {
    const { q } = queue();
    const waiting = q.get();
    await q.shutDown();
    expect(await waiting).toBeUndefined();
  });

  it('reports depth, adds, retries and wait time', async () => {
    const seen = { depth: [] as number[], added: 0, retried: 0, waited: [] as number[] };
    const { q, clock } = queue({
      metrics: {
        depth: (n) => seen.depth.push(n),
        added: () => seen.added++,
        retried: () => seen.retried++,
        waited: (s) => seen.waited.push(s),
      },
    });
    q.add('a');
    q.add('a');
    await clock.advance(2000);
    await q.get();
    q.addRateLimited('a');
    expect(seen.added).toBe(2);
    expect(seen.retried).toBe(1);
    expect(seen.depth).toEqual([1, 0]);
    expect(seen.waited).toEqual([2]);
  });
});
