/**
 * What the test-bed benchmarks (propagation, reaction, scale) share: the
 * bed's coordinates, a kube client, namespaces, the CRDs, and percentiles.
 * The bed is the one of docs/testbed.md (`npm run testbed:up`); benchmarks
 * never start or stop it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKubeClient, loadKubeConfig, type KubeClient } from '../../src/kube/client.js';
import { envFile } from '../../test/support/cluster/paths.js';
import { envKeys, parseEnv, type TestbedEnv } from '../../test/support/cluster/state.js';
import { kubectl, kubectlRun } from '../../test/support/kubectl.js';

export const repo = fileURLToPath(new URL('../../', import.meta.url));

/** The bed named by `.testbed/env` (what `npm run testbed:up` writes). */
export function bedEnv(): TestbedEnv {
  if (!existsSync(envFile)) {
    throw new Error(`no test bed: ${envFile} is missing; start one with \`npm run testbed:up\``);
  }
  const env = parseEnv(readFileSync(envFile, 'utf8'));
  const missing = envKeys.filter((k) => typeof env[k] !== 'string');
  if (missing.length > 0) throw new Error(`${envFile}: missing ${missing.join(', ')}`);
  return env as TestbedEnv;
}

export function kubeFor(env: TestbedEnv): KubeClient {
  return createKubeClient(loadKubeConfig(env.KUBECONFIG));
}

/** Applies Fledge's CRDs (server-side, idempotent) and waits until they are Established. */
export async function applyCrds(env: TestbedEnv): Promise<void> {
  const dir = join(repo, 'crds');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    await kubectl(['apply', '--server-side', '--force-conflicts', '-f', join(dir, f)], {
      kubeconfig: env.KUBECONFIG,
    });
  }
  await kubectl(['wait', '--for', 'condition=Established', '--timeout=60s', '-f', dir], {
    kubeconfig: env.KUBECONFIG,
  });
}

export async function createNamespace(env: TestbedEnv, prefix: string): Promise<string> {
  const ns = `${prefix}-${randomBytes(3).toString('hex')}`;
  await kubectl(['create', 'namespace', ns], { kubeconfig: env.KUBECONFIG });
  return ns;
}

export async function deleteNamespaces(env: TestbedEnv, namespaces: string[]): Promise<void> {
  if (namespaces.length === 0) return;
  await kubectlRun(['delete', 'namespace', ...namespaces, '--wait=false'], { kubeconfig: env.KUBECONFIG });
}

/** Runs `fn` over `items` with at most `limit` in flight (bulk creates without flooding the apiserver). */
export async function inParallel<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The q-quantile (0..1) of `values`, nearest-rank; NaN when empty. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Versions of what the bed runs, as the results files state them. */
export async function bedVersions(
  env: TestbedEnv,
  kube: KubeClient,
  how = '`fledge run` via tsx',
): Promise<string[]> {
  const server = await kube.rest
    .request<{ gitVersion?: string }>({ method: 'GET', path: '/version', what: 'GET /version' })
    .then((v) => v.gitVersion ?? 'unknown')
    .catch((err: unknown) => `unknown (${String(err)})`);
  const prom = await fetch(`${env.PROMETHEUS_URL}/api/v1/status/buildinfo`)
    .then(async (r) => ((await r.json()) as { data?: { version?: string } }).data?.version ?? 'unknown')
    .catch(() => 'unknown');
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
  return [
    `- Fledge: ${pkg.version} (this work tree, ${how})`,
    `- kube-apiserver: ${server} (the test bed, docs/testbed.md; kwok nodes)`,
    `- Prometheus: ${prom}`,
  ];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `fn` every `everyMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err instanceof Error ? err.message : JSON.stringify(err);
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    }
    await sleep(everyMs);
  }
}
