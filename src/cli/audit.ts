/**
 * Changes made from the CLI are recorded as Kubernetes Events on the object
 * changed, naming who made them, so `kubectl describe` and any Event
 * pipeline show the history next to the controller's own Events.
 */
import { hostname } from 'node:os';
import type { KubeEvent } from '../kube/events.js';
import { newEvent } from '../kube/events.js';
import { errorMessage } from '../kube/api-error.js';
import type { KubeObject } from '../kube/resource-client.js';
import { kinds } from '../kube/resource-kind.js';
import type { Cluster } from './cluster.js';
import type { Io } from './command.js';

export const CLI_CONTROLLER = 'fledge.dev/cli';

/**
 * The person behind the kubeconfig: the kubeconfig user of the context, and
 * the identity the API server authenticates (SelfSubjectReview) when it says
 * something else; a server that does not answer leaves only the former.
 */
export async function whoAmI(c: Cluster): Promise<string> {
  const base = `${c.kubeUser} (kubeconfig context ${c.context})`;
  try {
    const review = await c.client.rest.request<{ status?: { userInfo?: { username?: string } } }>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      what: 'SelfSubjectReview',
    });
    const username = review.status?.userInfo?.username;
    return username && username !== c.kubeUser ? `${base}, authenticated as ${username}` : base;
  } catch {
    return base;
  }
}

/** The Event the CLI writes; pure, so its shape is unit-tested. */
export function auditEvent(regarding: KubeObject, reason: string, note: string, now: number): KubeEvent {
  return newEvent({
    regarding,
    reason,
    action: reason,
    note,
    type: 'Normal',
    controller: CLI_CONTROLLER,
    instance: `fledge-cli@${hostname()}`,
    now,
  });
}

/**
 * Records the Event. The change itself already happened, so a failure here
 * (no permission to create Events) is a warning, not an error exit.
 */
export async function recordAudit(
  c: Cluster,
  io: Io,
  regarding: KubeObject,
  reason: string,
  note: string,
): Promise<void> {
  try {
    await c.client.resources<KubeEvent>(kinds.event).create(auditEvent(regarding, reason, note, Date.now()));
  } catch (err) {
    io.err(`warning: the change was made, but its audit Event could not be recorded: ${errorMessage(err)}\n`);
  }
}
