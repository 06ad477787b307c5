/**
 * Which flags of a set need their status decided again. A reconcile of a set
 * re-decides every flag's status (`decideFlagStatus`), though an update
 * usually changes one flag: with 5,000 flags in a set that was most of the
 * operator's CPU per update (bench/propagation). The decision is pure in the
 * flag object, its outcome in the set and the clock, and the clock only
 * matters when the decision asks for a requeue (expiry) or changes the status
 * (a condition's transition time). So a flag whose last decision found
 * nothing to write and asked for no requeue, and whose object
 * (resourceVersion) and outcome are still the same, would be decided the same
 * way again: it is skipped. Anything else is decided as before.
 */
import type { FlagOutcome } from './decide-set.js';
import type { FlagDecision } from './decide.js';
import { jsonEqual } from './json-equal.js';

interface Settled {
  resourceVersion: string;
  outcome: FlagOutcome;
}

export class SettledStatuses {
  private readonly byFlag = new Map<string, Settled>();

  /** True when the flag (`namespace/name`) is settled with this resourceVersion and outcome. */
  isSettled(id: string, resourceVersion: string | undefined, outcome: FlagOutcome): boolean {
    const s = this.byFlag.get(id);
    return (
      s !== undefined &&
      resourceVersion !== undefined &&
      s.resourceVersion === resourceVersion &&
      jsonEqual(s.outcome, outcome)
    );
  }

  /** Records a decision: settled only when it wrote nothing and needs no requeue. */
  record(
    id: string,
    resourceVersion: string | undefined,
    outcome: FlagOutcome,
    d: Pick<FlagDecision, 'statusChanged' | 'requeueAfterMs'>,
  ): void {
    if (!d.statusChanged && d.requeueAfterMs === undefined && resourceVersion !== undefined) {
      this.byFlag.set(id, { resourceVersion, outcome });
    } else {
      this.byFlag.delete(id);
    }
  }

  /** Forgets the flags not in `live` (deleted ones). */
  retain(live: ReadonlySet<string>): void {
    for (const id of this.byFlag.keys()) if (!live.has(id)) this.byFlag.delete(id);
  }

  get size(): number {
    return this.byFlag.size;
  }
}
