/**
 * Typed errors shared by every part of Fledge. Each carries a machine-readable
 * `code`, an optional `cause`, and, when it concerns one resource, the
 * resource's `kind namespace/name` as a prefix of its message, so a log line or
 * a status message always says what it is about.
 */

export interface ResourceRef {
  kind: string;
  namespace?: string | undefined;
  name: string;
}

export function describeRef(ref: ResourceRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

export class FledgeError extends Error {
  readonly code: string;
  readonly resource: ResourceRef | undefined;

  constructor(code: string, message: string, options: { cause?: unknown; resource?: ResourceRef } = {}) {
    super(options.resource ? `${describeRef(options.resource)}: ${message}` : message, {
      cause: options.cause,
    });
    this.name = new.target.name;
    this.code = code;
    this.resource = options.resource;
  }
}

/** One problem found in a resource, located by a dotted field path (`spec.analysis.stepWeight`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** A resource that does not satisfy its schema or a cross-field rule. Never retried. */
export class ValidationError extends FledgeError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options: { resource?: ResourceRef; cause?: unknown } = {}) {
    super('Invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; ') || 'invalid resource', options);
    this.issues = issues;
  }
}

/**
 * An error that retrying cannot fix (bad spec, missing referenced object that
 * only a person can create). The controller loop reports it in status and an
 * Event and does not requeue with backoff.
 */
export class TerminalError extends FledgeError {
  readonly reason: string;

  constructor(reason: string, message: string, options: { cause?: unknown; resource?: ResourceRef } = {}) {
    super(reason, message, options);
    this.reason = reason;
  }
}
