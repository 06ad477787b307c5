import { FledgeError } from '../api/errors.js';

/**
 * A non-2xx answer from the Kubernetes API server (or a transport failure,
 * status 0). `reason` is the apiserver's Status reason (`Conflict`, `NotFound`,
 * `Expired`, …) when it sent one.
 */
export class KubeApiError extends FledgeError {
  readonly status: number;
  readonly reason: string | undefined;
  readonly body: unknown;

  constructor(
    what: string,
    status: number,
    options: {
      reason?: string | undefined;
      message?: string | undefined;
      body?: unknown;
      cause?: unknown;
    } = {},
  ) {
    const detail = options.message ?? (status === 0 ? 'request failed' : `HTTP ${status}`);
    super(
      'KubeApi',
      `${what}: ${detail}${status ? ` (${status}${options.reason ? ` ${options.reason}` : ''})` : ''}`,
      {
        cause: options.cause,
      },
    );
    this.status = status;
    this.reason = options.reason;
    this.body = options.body;
  }
}

/** HTTP status of an error from our REST client or from @kubernetes/client-node's ApiException. */
export function statusOf(err: unknown): number | undefined {
  if (err instanceof KubeApiError) return err.status;
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; statusCode?: unknown };
    if (typeof e.code === 'number') return e.code;
    if (typeof e.statusCode === 'number') return e.statusCode;
  }
  return undefined;
}

export const isNotFound = (err: unknown): boolean => statusOf(err) === 404;
export const isConflict = (err: unknown): boolean => statusOf(err) === 409;
export const isGone = (err: unknown): boolean => statusOf(err) === 410;
export const isAlreadyExists = (err: unknown): boolean =>
  statusOf(err) === 409 && err instanceof KubeApiError && err.reason === 'AlreadyExists';

/** The message of anything thrown, for log fields. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
