/**
 * A Canary the CRD let through but the schema rejects (a cross-field rule the
 * apiserver could not check, an older CRD): Ready=False naming the fields, a
 * Warning Event, nothing else. Traffic is never touched for it.
 */
import type { Logger } from 'pino';
import type { ValidationError } from '../api/errors.js';
import { setCondition } from '../kube/conditions.js';
import type { EventRecorder } from '../kube/events.js';
import type { ResourceClient } from '../kube/resource-client.js';
import { updateStatus } from '../kube/status.js';
import type { CanaryObject } from './act.js';

/** Requeue rarely: a spec change wakes the Canary anyway. */
const INVALID_REQUEUE_MS = 5 * 60_000;

export async function invalidCanary(
  canary: CanaryObject,
  error: ValidationError,
  deps: { api: ResourceClient<CanaryObject>; events: EventRecorder; log: Logger },
): Promise<{ requeueAfterMs: number }> {
  const { namespace, name } = canary.metadata;
  const message = `Canary ${namespace ?? ''}/${name}: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
  const old = canary.status?.conditions?.find((c) => c.type === 'Ready');
  if (!(old?.status === 'False' && old.reason === 'InvalidSpec' && old.message === message)) {
    await deps.events.record(canary, 'Warning', 'InvalidSpec', message);
  }
  deps.log.warn({ issues: error.issues }, 'invalid Canary');
  await updateStatus(
    deps.api,
    namespace,
    name,
    (status) => {
      const conditions = setCondition(
        (status?.conditions ?? []) as Parameters<typeof setCondition>[0],
        {
          type: 'Ready',
          status: 'False',
          reason: 'InvalidSpec',
          message: message.slice(0, 32_000),
          ...(canary.metadata.generation !== undefined
            ? { observedGeneration: canary.metadata.generation }
            : {}),
        },
        Date.now(),
      );
      return { ...(status ?? {}), conditions };
    },
    { current: canary, fieldManager: 'fledge', log: deps.log },
  );
  return { requeueAfterMs: INVALID_REQUEUE_MS };
}
