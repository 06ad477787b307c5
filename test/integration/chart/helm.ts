/**
 * What the chart tests share: the real Helm of the bed, `helm template` with
 * values, kubectl against the bed, throwaway namespaces and `auth can-i`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { testbed } from '../../support/env.js';
import { kubectl, kubectlRun, type KubectlResult } from '../../support/kubectl.js';
export { eventually } from '../../support/eventually.js';

const exec = promisify(execFile);
export const repoRoot = join(import.meta.dirname, '..', '..', '..');
export const chartDir = join(repoRoot, 'charts', 'fledge');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export async function helm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(testbed().HELM, args, { maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** `helm template` of the chart; `set` entries are `--set-json` key=JSON pairs. */
export async function template(
  release: string,
  namespace: string,
  set: Record<string, unknown> = {},
): Promise<{ text: string; objects: K8sObject[] }> {
  const args = ['template', release, chartDir, '--namespace', namespace];
  for (const [k, v] of Object.entries(set)) args.push('--set-json', `${k}=${JSON.stringify(v)}`);
  const res = await helm(args);
  // stderr only: a test matching the message must not match the command line.
  if (res.code !== 0) throw new Error(res.stderr.trim());
  const objects = parseAllDocuments(res.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => !!o?.kind);
  return { text: res.stdout, objects };
}

export const adminKubeconfig = (): string => testbed().KUBECONFIG;

export function run(args: string[], input?: string): Promise<KubectlResult> {
  return kubectlRun(args, { kubeconfig: adminKubeconfig(), ...(input !== undefined ? { input } : {}) });
}

export function k(args: string[], input?: string): Promise<string> {
  return kubectl(args, { kubeconfig: adminKubeconfig(), ...(input !== undefined ? { input } : {}) });
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export async function createNamespace(name: string, labels: Record<string, string> = {}): Promise<void> {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
  await k(['apply', '-f', '-'], JSON.stringify(ns));
}

export async function deleteNamespaces(names: string[]): Promise<void> {
  if (names.length === 0) return;
  await run(['delete', 'namespace', ...names, '--wait=false', '--ignore-not-found']);
}

export interface AccessCheck {
  verb: string;
  /** `plural` or `plural.group`, as kubectl names it (`deployments.apps`). */
  resource: string;
  subresource?: string;
  /** Omitted: cluster-wide (all namespaces, or a cluster-scoped resource). */
  namespace?: string;
  name?: string;
}

export const describeCheck = (c: AccessCheck): string =>
  `${c.verb} ${c.resource}${c.subresource ? `/${c.subresource}` : ''}${c.name ? ` ${c.name}` : ''} in ${c.namespace ?? 'all namespaces'}`;

/**
 * Asks the apiserver's authorizer, in one round trip, what the ServiceAccount
 * may do: SubjectAccessReviews with the user and groups a real token of that
 * ServiceAccount carries (kubectl's --as would leave the groups out).
 */
export async function accessOf(
  sa: { namespace: string; name: string },
  checks: AccessCheck[],
): Promise<boolean[]> {
  const items = checks.map((c) => {
    const dot = c.resource.indexOf('.');
    return {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: `system:serviceaccount:${sa.namespace}:${sa.name}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`, 'system:authenticated'],
        resourceAttributes: {
          verb: c.verb,
          resource: dot < 0 ? c.resource : c.resource.slice(0, dot),
          group: dot < 0 ? '' : c.resource.slice(dot + 1),
          ...(c.subresource ? { subresource: c.subresource } : {}),
          ...(c.namespace ? { namespace: c.namespace } : {}),
          ...(c.name ? { name: c.name } : {}),
        },
      },
    };
  });
  // kubectl prints one answer per review created, in order.
  const out = await k(
    ['create', '-o', 'jsonpath={.status.allowed}{"\\n"}', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
  );
  const answers = out.split('\n').filter(Boolean);
  if (answers.length !== checks.length)
    throw new Error(`asked ${checks.length} access reviews, got ${answers.length} answers: ${out}`);
  return answers.map((a) => a === 'true');
}

/** The checks whose answer is not `want`, described; empty when all match. */
export async function mismatches(
  sa: { namespace: string; name: string },
  checks: AccessCheck[],
  want: boolean,
): Promise<string[]> {
  const got = await accessOf(sa, checks);
  return checks.filter((_, i) => got[i] !== want).map(describeCheck);
}
