import { describe, expect, it } from 'vitest';
import type { QueryValidation } from '../../../src/metrics/provider.js';
import { QueryValidationCache } from '../../../src/metrics/query-validation-cache.js';

/** A checker answering from a table and counting its calls. */
function checker(answers: Record<string, QueryValidation>) {
  const calls: string[] = [];
  const check = (q: string): Promise<QueryValidation> => {
    calls.push(q);
    return Promise.resolve(answers[q] ?? { status: 'valid' });
  };
  return { calls, check };
}

describe('QueryValidationCache', () => {
  it('asks once per address and query for valid and invalid answers', async () => {
    const cache = new QueryValidationCache();
    const c = checker({ 'sum(x': { status: 'invalid', error: 'parse error' } });
    for (let i = 0; i < 3; i++) {
      expect(await cache.validate('http://a', 'up', c.check)).toEqual({ status: 'valid' });
      expect(await cache.validate('http://a', 'sum(x', c.check)).toEqual({
        status: 'invalid',
        error: 'parse error',
      });
    }
    await cache.validate('http://b', 'up', c.check);
    expect(c.calls).toEqual(['up', 'sum(x', 'up']);
    expect(cache.size).toBe(3);
  });

  it('never remembers an outage: the next call asks again', async () => {
    const cache = new QueryValidationCache();
    const c = checker({ up: { status: 'unknown', error: 'ECONNREFUSED' } });
    expect((await cache.validate('http://a', 'up', c.check)).status).toBe('unknown');
    expect((await cache.validate('http://a', 'up', c.check)).status).toBe('unknown');
    expect(c.calls).toEqual(['up', 'up']);
    expect(cache.size).toBe(0);
  });

  it('stays bounded', async () => {
    const cache = new QueryValidationCache(2);
    const c = checker({});
    for (const q of ['a', 'b', 'c']) await cache.validate('http://a', q, c.check);
    expect(cache.size).toBeLessThanOrEqual(2);
    await cache.validate('http://a', 'c', c.check);
    expect(c.calls).toEqual(['a', 'b', 'c']);
  });
});
