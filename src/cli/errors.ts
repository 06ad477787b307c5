/**
 * Turns anything a command throws into one line a person can act on and an
 * exit code a script can branch on. No stack traces: the CLI's users are
 * operators at a terminal or a CI log, not developers of Fledge.
 */
import { FledgeError } from '../api/errors.js';
import { KubeApiError } from '../kube/api-error.js';

/** Exit codes of every `fledge` command (docs/cli.md lists them). */
export const EXIT = {
  ok: 0,
  /** Lint errors, a watched canary that failed, any other failure. */
  failed: 1,
  /** Bad arguments. */
  usage: 2,
  /** The object, or its kind (CRDs not installed), does not exist. */
  notFound: 3,
  /** The API server refused the credentials or the action (RBAC). */
  forbidden: 4,
  /** No kubeconfig, or the API server cannot be reached. */
  unreachable: 5,
  /** Interrupted (Ctrl-C), as shells report SIGINT. */
  interrupted: 130,
} as const;

/** Wrong arguments: the message is followed by a pointer to `--help`. */
export class UsageError extends FledgeError {
  constructor(message: string) {
    super('Usage', message);
  }
}

/** A fault that was already explained to the user (e.g. a missing kubeconfig). */
export class CliError extends FledgeError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super('Cli', message);
  }
}

export interface Explained {
  message: string;
  exitCode: number;
}

const INSTALL_CRDS = 'Fledge CRDs are not installed in this cluster: run `kubectl apply -f crds/`';

interface StatusBody {
  message?: unknown;
  details?: { name?: unknown; kind?: unknown; group?: unknown };
}

function statusBody(err: KubeApiError): StatusBody {
  return typeof err.body === 'object' && err.body !== null ? err.body : {};
}

/**
 * What a KubeApiError means for the user. `what` is the request's subject as
 * the resource client names it (`Canary shop/checkout`, `list canaries in shop`).
 */
function explainApi(err: KubeApiError, server: string | undefined): Explained {
  const body = statusBody(err);
  const apiMessage = typeof body.message === 'string' ? body.message : undefined;
  const what = err.message.replace(/: .*$/s, '');
  switch (err.status) {
    case 0:
      return {
        message: `cannot reach the Kubernetes API server${server ? ` at ${server}` : ''} (${detailOf(err)}); check that the cluster is up and the kubeconfig context is the right one`,
        exitCode: EXIT.unreachable,
      };
    case 401:
      return {
        message: `unauthorized: the API server rejected the kubeconfig's credentials (${what}); log in again or pick another context`,
        exitCode: EXIT.forbidden,
      };
    case 403:
      return {
        message: `forbidden: ${apiMessage ?? what}; ask a cluster admin for that permission (RBAC)`,
        exitCode: EXIT.forbidden,
      };
    case 404:
      // An object that is missing comes with a Status naming it; a resource
      // type the server does not serve comes back as a bare "404 page not found".
      if (typeof body.details?.name === 'string') {
        return { message: `${subjectOf(what)} not found`, exitCode: EXIT.notFound };
      }
      return {
        message: `${INSTALL_CRDS} (${what}: the server has no such resource)`,
        exitCode: EXIT.notFound,
      };
    case 409:
      return {
        message: `conflict: ${what} changed while it was being updated; run the command again`,
        exitCode: EXIT.failed,
      };
    case 422:
      return { message: `rejected by the API server: ${apiMessage ?? what}`, exitCode: EXIT.failed };
    default:
      return { message: err.message, exitCode: EXIT.failed };
  }
}

/** `patch status of Canary shop/web` → `Canary shop/web`. */
function subjectOf(what: string): string {
  return what.replace(/^(?:patch (?:status of )?|update (?:status of )?|create |delete )/, '');
}

/** The transport's own words (`connect ECONNREFUSED 127.0.0.1:6443`) without the request prefix. */
function detailOf(err: KubeApiError): string {
  const cause = err.cause;
  if (cause instanceof Error && cause.message) return cause.message;
  return err.message.replace(/^[^:]*: /, '');
}

/** One line and an exit code for anything thrown by a command. */
export function explain(err: unknown, opts: { server?: string } = {}): Explained {
  if (err instanceof UsageError) return { message: err.message, exitCode: EXIT.usage };
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
  if (err instanceof KubeApiError) return explainApi(err, opts.server);
  if (err instanceof FledgeError && err.code === 'KubeConfig') {
    return { message: err.message, exitCode: EXIT.unreachable };
  }
  if (err instanceof Error) return { message: err.message, exitCode: EXIT.failed };
  return { message: String(err), exitCode: EXIT.failed };
}
