/**
 * `fledge flags enable|disable|rollout|rearm FLAG`: changes a FeatureFlag and
 * records who did it in an Event (reason FlagChangedByCLI). A change is
 * validated with the same schema as the controller's before it is sent, and
 * sent with the resourceVersion it was computed from, so a concurrent edit
 * makes it fail instead of being overwritten.
 */
import { ANNOTATIONS } from '../api/annotations.js';
import { describeRef, type ValidationIssue } from '../api/errors.js';
import { validateFeatureFlag } from '../api/validate.js';
import { PatchType } from '../kube/patch.js';
import { CLUSTER_HELP, CLUSTER_OPTIONS, clusterArgs, parse } from './args.js';
import { recordAudit, whoAmI } from './audit.js';
import { withCluster } from './cluster.js';
import { command } from './command.js';
import { CliError, EXIT, UsageError } from './errors.js';
import { featureFlagKind, num, str, type FeatureFlagObject } from './kinds.js';

export const AUDIT_REASON = 'FlagChangedByCLI';

export type FlagChange =
  | { kind: 'state'; state: 'ENABLED' | 'DISABLED' }
  | { kind: 'rollout'; percentage: number }
  | { kind: 'rearm' };

export interface PlannedChange {
  /** Merge patch; undefined when the flag already is as asked. */
  patch: Record<string, unknown> | undefined;
  /** `state ENABLED → DISABLED`, for the output and the Event. */
  summary: string;
  notes: string[];
}

/** `25`, `25%` → 25; anything else is a usage error. */
export function parsePercent(text: string | undefined): number {
  const m = /^(\d{1,3})%?$/.exec(text ?? '');
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 100) {
    throw new UsageError(`PERCENT must be a whole number from 0 to 100, not "${text ?? ''}"`);
  }
  return n;
}

/** What a change does to this flag. Pure. */
export function planChange(ff: FeatureFlagObject, change: FlagChange, now: string): PlannedChange {
  const rv = ff.metadata?.resourceVersion;
  const guard = rv ? { resourceVersion: rv } : {};
  switch (change.kind) {
    case 'state': {
      const current = str(ff.spec?.state) ?? 'ENABLED';
      const summary = `state ${current} → ${change.state}`;
      if (current === change.state && ff.spec?.state !== undefined) {
        return { patch: undefined, summary: `state is already ${current}`, notes: [] };
      }
      return { patch: { metadata: guard, spec: { state: change.state } }, summary, notes: [] };
    }
    case 'rollout': {
      const current = num(ff.spec?.rollout?.percentage);
      if (current === change.percentage) {
        return { patch: undefined, summary: `rollout is already ${current}%`, notes: [] };
      }
      const notes: string[] = [];
      if (ff.spec?.rollout?.strategy === 'guarded') {
        notes.push(
          'the rollout is guarded: the percentage is its ceiling; Fledge raises the live percentage step by step',
        );
      }
      return {
        patch: { metadata: guard, spec: { rollout: { percentage: change.percentage } } },
        summary: `rollout ${current === undefined ? 'none' : `${current}%`} → ${change.percentage}%`,
        notes,
      };
    }
    case 'rearm': {
      const fired = ff.status?.killSwitch?.fired === true;
      const rolledBack = ff.status?.rollout?.phase === 'RolledBack';
      const notes =
        fired || rolledBack
          ? []
          : ['neither a kill switch fired nor a guarded rollout rolled back: the annotation has no effect'];
      return {
        patch: { metadata: { ...guard, annotations: { [ANNOTATIONS.rearm]: now } } },
        summary: `kill switch re-armed (${ANNOTATIONS.rearm})`,
        notes,
      };
    }
  }
}

/** A JSON merge patch (RFC 7386) applied to a copy, to validate the result before sending it. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

/** Issues the change introduces (ones the flag already had are the author's business, not this command's). */
export function newIssues(before: unknown, after: unknown): ValidationIssue[] {
  const issuesOf = (obj: unknown): ValidationIssue[] => {
    const r = validateFeatureFlag(obj);
    return r.ok ? [] : [...r.error.issues];
  };
  const seen = new Set(issuesOf(before).map((i) => `${i.path}\u0000${i.message}`));
  return issuesOf(after).filter((i) => !seen.has(`${i.path}\u0000${i.message}`));
}

function usageOf(verb: string, args: string, what: string): string {
  return `Usage: fledge flags ${verb} FLAG${args} [-n NS]

${what}
The change is recorded as an Event (reason ${AUDIT_REASON}) naming the kubeconfig user.

${CLUSTER_HELP}
`;
}

function flagWriteCommand(verb: string, usage: string, toChange: (positionals: string[]) => FlagChange) {
  return command(`flags ${verb}`, usage, async (args, io) => {
    const { values, positionals } = parse(args, CLUSTER_OPTIONS);
    const name = positionals[0];
    if (!name) throw new UsageError(`flags ${verb} needs a flag name`);
    const change = toChange(positionals);
    const cluster = clusterArgs(values);
    if (cluster.allNamespaces) throw new UsageError(`flags ${verb} needs one namespace, not -A`);
    return withCluster(cluster, async (c) => {
      const flags = c.client.resources<FeatureFlagObject>(featureFlagKind);
      const ff = await flags.get(c.namespace, name);
      const ref = describeRef({ kind: 'FeatureFlag', namespace: c.namespace, name });
      const plan = planChange(ff, change, new Date().toISOString());
      if (!plan.patch) {
        io.out(`${ref}: ${plan.summary}; nothing changed\n`);
        return EXIT.ok;
      }
      const issues = newIssues(ff, mergePatch(ff, plan.patch));
      if (issues.length > 0) {
        throw new CliError(
          `${ref}: not changed, the result would be invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
          EXIT.failed,
        );
      }
      const who = await whoAmI(c);
      const patched = await flags.patch(c.namespace, name, plan.patch, {
        type: PatchType.Merge,
        fieldManager: 'fledge-cli',
      });
      await recordAudit(c, io, patched, AUDIT_REASON, `${ref}: ${plan.summary} by ${who}`);
      io.out(`${ref}: ${plan.summary}\n`);
      for (const note of plan.notes) io.err(`note: ${note}\n`);
      return EXIT.ok;
    });
  });
}

const single = (verb: string) => (p: string[]) => {
  if (p.length !== 1) throw new UsageError(`flags ${verb} takes one flag name`);
};

export const flagsEnableCommand = flagWriteCommand(
  'enable',
  usageOf('enable', '', 'Sets spec.state to ENABLED: the flag is evaluated again.'),
  (p) => (single('enable')(p), { kind: 'state', state: 'ENABLED' }),
);

export const flagsDisableCommand = flagWriteCommand(
  'disable',
  usageOf('disable', '', "Sets spec.state to DISABLED: every evaluation returns the caller's default."),
  (p) => (single('disable')(p), { kind: 'state', state: 'DISABLED' }),
);

export const flagsRolloutCommand = flagWriteCommand(
  'rollout',
  usageOf(
    'rollout',
    ' PERCENT',
    'Sets spec.rollout.percentage: the share of users (not matched by a rule) served the\nrolled-out variant. For a guarded rollout it is the ceiling Fledge climbs to.',
  ),
  (p) => {
    if (p.length !== 2)
      throw new UsageError('flags rollout takes a flag name and a percentage: flags rollout FLAG 25');
    return { kind: 'rollout', percentage: parsePercent(p[1]) };
  },
);

export const flagsRearmCommand = flagWriteCommand(
  'rearm',
  usageOf(
    'rearm',
    '',
    `Re-arms a kill switch that fired, and restarts a guarded rollout that rolled back: sets the\n${ANNOTATIONS.rearm} annotation, which the flag controller acts on and clears.`,
  ),
  (p) => (single('rearm')(p), { kind: 'rearm' }),
);
