/**
 * `fledge promote|abort|pause|resume|retry canary NAME`: each sets the
 * annotation the canary controller acts on at its next reconcile (and then
 * clears), and records who asked in an Event.
 */
import { ANNOTATIONS } from '../api/annotations.js';
import { describeRef } from '../api/errors.js';
import { PatchType } from '../kube/patch.js';
import { CLUSTER_HELP, CLUSTER_OPTIONS, canaryName, clusterArgs, parse } from './args.js';
import { recordAudit, whoAmI } from './audit.js';
import { withCluster } from './cluster.js';
import { command } from './command.js';
import { EXIT } from './errors.js';
import { canaryKind, str, type CanaryObject } from './kinds.js';

/** Kept as an export for callers; the name itself is Fledge API. */
export const RESUME_ANNOTATION = ANNOTATIONS.resume;

export type CanaryAction = 'promote' | 'abort' | 'pause' | 'resume' | 'retry';

const ANALYSING = ['Waiting', 'Progressing', 'WaitingPromotion'];

interface ActionInfo {
  summary: string;
  annotation: string;
  /** Phases in which the controller acts on it; other phases get a note. */
  phases?: readonly string[];
}

export const CANARY_ACTIONS: Record<CanaryAction, ActionInfo> = {
  promote: {
    summary: 'promote the canary now, skipping the remaining steps',
    annotation: ANNOTATIONS.promote,
    phases: ANALYSING,
  },
  abort: { summary: 'roll the canary back now', annotation: ANNOTATIONS.abort, phases: ANALYSING },
  pause: { summary: 'hold the rollout where it is', annotation: ANNOTATIONS.pause },
  resume: { summary: 'continue a paused rollout', annotation: RESUME_ANNOTATION },
  retry: { summary: 'run a failed revision again', annotation: ANNOTATIONS.retry, phases: ['Failed'] },
};

/**
 * The merge patch of an action. `resume` also removes a pause annotation, so
 * it works whether the controller clears `pause` when handling it or honours
 * it for as long as it is present.
 */
export function actionPatch(
  action: CanaryAction,
  at: string,
): { metadata: { annotations: Record<string, string | null> } } {
  const annotations: Record<string, string | null> = { [CANARY_ACTIONS[action].annotation]: at };
  if (action === 'resume') annotations[ANNOTATIONS.pause] = null;
  if (action === 'pause') annotations[RESUME_ANNOTATION] = null;
  return { metadata: { annotations } };
}

function usageOf(action: CanaryAction): string {
  const info = CANARY_ACTIONS[action];
  return `Usage: fledge ${action} canary NAME [-n NS]

${info.summary[0]?.toUpperCase()}${info.summary.slice(1)}: sets the ${info.annotation} annotation,
which the canary controller acts on at its next reconcile and then clears.${
    info.phases ? `\nIt acts in phase ${info.phases.join(', ')}; in other phases it is ignored.` : ''
  }
The request is recorded as an Event (reason CanaryCommandByCLI) naming the kubeconfig user.

${CLUSTER_HELP}
`;
}

export function canaryActionCommand(action: CanaryAction) {
  return command(action, usageOf(action), async (args, io) => {
    const { values, positionals } = parse(args, CLUSTER_OPTIONS);
    const name = canaryName(positionals, action);
    return withCluster(clusterArgs(values), async (c) => {
      const info = CANARY_ACTIONS[action];
      const who = await whoAmI(c);
      const canaries = c.client.resources<CanaryObject>(canaryKind);
      const patched = await canaries.patch(c.namespace, name, actionPatch(action, new Date().toISOString()), {
        type: PatchType.Merge,
        fieldManager: 'fledge-cli',
      });
      const ref = describeRef({ kind: 'Canary', namespace: c.namespace, name });
      await recordAudit(
        c,
        io,
        patched,
        'CanaryCommandByCLI',
        `${ref}: ${action} requested by ${who} (annotation ${info.annotation})`,
      );
      io.out(
        `${ref}: ${action} requested (${info.annotation}); the controller acts on it at its next reconcile\n`,
      );
      const phase = str(patched.status?.phase) ?? 'Initializing';
      if (info.phases && !info.phases.includes(phase)) {
        io.err(`note: the canary is ${phase}; ${action} only acts in phase ${info.phases.join(', ')}\n`);
      }
      return EXIT.ok;
    });
  });
}
