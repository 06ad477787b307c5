import { describe, expect, it } from 'vitest';
import { ItemBackoff, TokenBucket } from '../../../src/kube/rate-limiter.js';
import { FakeClock } from './fake-clock.js';

describe('ItemBackoff', () => {
  it('doubles per failure, per key, up to the cap, and forgets', () => {
    const b = new ItemBackoff(5, 1000);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => b.next('a'))).toEqual([
      5, 10, 20, 40, 80, 160, 320, 640, 1000,
    ]);
    expect(b.next('b')).toBe(5);
    expect(b.retries('a')).toBe(9);
    b.forget('a');
    expect(b.next('a')).toBe(5);
  });

  it('stays finite after very many failures', () => {
    const b = new ItemBackoff(5, 300_000);
    for (let i = 0; i < 2000; i++) b.next('a');
    expect(b.next('a')).toBe(300_000);
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then paces at qps, and refills over time', async () => {
    const clock = new FakeClock();
    const t = new TokenBucket(clock, 10, 3);
    expect([t.reserve(), t.reserve(), t.reserve()]).toEqual([0, 0, 0]);
    expect([t.reserve(), t.reserve()]).toEqual([100, 200]);
    await clock.advance(1000); // 10 tokens' worth, capped at the burst, minus the 2 borrowed
    expect([t.reserve(), t.reserve(), t.reserve(), t.reserve()]).toEqual([0, 0, 0, 100]);
  });
});
