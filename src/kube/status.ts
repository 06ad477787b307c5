import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import { FledgeError } from '../api/errors.js';
import { isConflict } from './api-error.js';
import type { KubeObject, ResourceClient } from './resource-client.js';

export interface StatusUpdateResult<T> {
  object: T;
  /** 409 Conflicts met on the way (each one re-read the object and re-applied the change). */
  conflicts: number;
  /** False when the mutation left status as it was and nothing was written. */
  written: boolean;
}

export interface StatusUpdateOptions<T> {
  /** Start from this copy (e.g. from the informer cache) instead of reading first. */
  current?: T;
  maxAttempts?: number;
  fieldManager?: string;
  onConflict?: () => void;
  log?: Logger;
}

/**
 * Writes status through the `/status` subresource with optimistic concurrency.
 * `mutate` gets the object's current status and returns the new one; on 409
 * the object is read fresh and `mutate` applied again, so concurrent writers
 * never lose each other's changes and never write from stale state.
 */
export async function updateStatus<T extends KubeObject & { status?: unknown }>(
  client: ResourceClient<T>,
  namespace: string | undefined,
  name: string,
  mutate: (status: T['status'] | undefined, obj: T) => T['status'],
  opts: StatusUpdateOptions<T> = {},
): Promise<StatusUpdateResult<T>> {
  const maxAttempts = opts.maxAttempts ?? 5;
  let obj = opts.current ?? (await client.get(namespace, name));
  let conflicts = 0;
  for (let attempt = 1; ; attempt++) {
    const next = mutate(structuredClone(obj.status), obj);
    if (sameJson(next, obj.status)) return { object: obj, conflicts, written: false };
    try {
      const written = await client.replaceStatus(
        { ...obj, status: next },
        { fieldManager: opts.fieldManager },
      );
      return { object: written, conflicts, written: true };
    } catch (err) {
      if (!isConflict(err)) throw err;
      conflicts++;
      opts.onConflict?.();
      if (attempt >= maxAttempts) {
        throw new FledgeError('StatusConflict', `status update kept conflicting after ${attempt} attempts`, {
          cause: err,
          resource: { kind: client.kind.kind, namespace, name },
        });
      }
      opts.log?.debug({ attempt }, 'status update conflicted; retrying from fresh state');
      obj = await client.get(namespace, name);
    }
  }
}

/** Equal as the apiserver would store them: key order and undefined fields do not matter. */
function sameJson(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  return isDeepStrictEqual(norm(a), norm(b));
}
