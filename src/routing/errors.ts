import { FledgeError, type ResourceRef } from '../api/errors.js';

export type RoutingErrorCode =
  | 'RouteMissing'
  | 'PatchRejected'
  | 'WeightsInvalid'
  | 'EmptyHost'
  | 'RoutesMismatch'
  | 'Conflict'
  | 'OwnedElsewhere';

/**
 * Routing could not be written or does not say what was written. It halts a
 * rollout: status must never advance on a weight change that did not happen.
 */
export class RoutingError extends FledgeError {
  declare readonly code: RoutingErrorCode;

  constructor(code: RoutingErrorCode, message: string, options: { canary: ResourceRef; cause?: unknown }) {
    super(code, message, { resource: options.canary, cause: options.cause });
  }
}
