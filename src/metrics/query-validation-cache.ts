/**
 * Remembers which queries parse, per provider address. A query's syntax does
 * not change, so validating every reconcile costs one round trip per distinct
 * query per process; `unknown` (an outage) is not remembered, so the next
 * reconcile asks again.
 */
import type { QueryValidation } from './provider.js';

/** Enough for every distinct rendered query of a large cluster; cleared wholesale past it. */
const DEFAULT_MAX_ENTRIES = 4096;

export class QueryValidationCache {
  private readonly known = new Map<string, QueryValidation>();

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  async validate(
    address: string,
    query: string,
    check: (query: string) => Promise<QueryValidation>,
  ): Promise<QueryValidation> {
    const key = `${address}\n${query}`;
    const hit = this.known.get(key);
    if (hit) return hit;
    const result = await check(query);
    if (result.status === 'unknown') return result;
    if (this.known.size >= this.maxEntries) this.known.clear();
    this.known.set(key, result);
    return result;
  }

  get size(): number {
    return this.known.size;
  }
}
