/**
 * The clusters an e2e suite runs against: `local` (the test bed, always),
 * `kubeconfig` (an existing cluster from FLEDGE_E2E_KUBECONFIG, with Istio and
 * Prometheus assumed there) and `k3s` (through @testcontainers/k3s where a
 * Docker engine answers). An unavailable target shows up as a skipped test
 * that says why, so a green run never hides that a target was not exercised.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { kubectl } from './kubectl.js';
import { testbed } from './env.js';
import { istioCrdFile } from './cluster/paths.js';

export type TargetName = 'local' | 'kubeconfig' | 'k3s';

export interface TargetInfo {
  name: TargetName;
  available: boolean;
  reason: string;
}

/** What a suite gets for one target; fields are filled in by the time its tests run. */
export interface TargetContext {
  name: TargetName;
  kubeconfig: string;
  /** Undefined where the target has no Prometheus we know of (k3s). */
  prometheusUrl: string | undefined;
  /** Only the local bed has the mesh simulator. */
  meshUrl: string | undefined;
}

export const k3sImage = process.env['FLEDGE_E2E_K3S_IMAGE'] ?? 'rancher/k3s:v1.32.5-k3s1';

/** Answers whether a Docker engine responds to /_ping within 1.5 s; never hangs. */
async function dockerEngine(): Promise<{ ok: boolean; reason: string }> {
  const host = process.env['DOCKER_HOST'];
  let target: { socketPath: string } | { host: string; port: number };
  if (!host || host.startsWith('unix://')) {
    const socketPath = host ? host.slice('unix://'.length) : '/var/run/docker.sock';
    if (!existsSync(socketPath)) {
      const why = host
        ? `DOCKER_HOST=${host} but ${socketPath} is missing`
        : `DOCKER_HOST unset, ${socketPath} missing`;
      return { ok: false, reason: `no Docker engine (${why})` };
    }
    target = { socketPath };
  } else if (host.startsWith('tcp://')) {
    const u = new URL(host.replace(/^tcp:/, 'http:'));
    target = { host: u.hostname, port: Number(u.port || 2375) };
  } else {
    return { ok: false, reason: `no Docker engine (unsupported DOCKER_HOST=${host})` };
  }
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', timeout: 1500 }, (res) => {
      res.resume();
      resolve(
        res.statusCode === 200
          ? { ok: true, reason: 'Docker engine answers' }
          : { ok: false, reason: `no Docker engine (/_ping answered ${res.statusCode})` },
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ ok: false, reason: `no Docker engine (${err.message})` }));
    req.end();
  });
}

const docker = await dockerEngine();

export function e2eTargets(): TargetInfo[] {
  const kc = process.env['FLEDGE_E2E_KUBECONFIG'];
  return [
    { name: 'local', available: true, reason: 'the local test bed' },
    kc
      ? existsSync(kc)
        ? { name: 'kubeconfig', available: true, reason: `FLEDGE_E2E_KUBECONFIG=${kc}` }
        : { name: 'kubeconfig', available: false, reason: `FLEDGE_E2E_KUBECONFIG=${kc} does not exist` }
      : { name: 'kubeconfig', available: false, reason: 'FLEDGE_E2E_KUBECONFIG unset' },
    { name: 'k3s', available: docker.ok, reason: docker.reason },
  ];
}

interface Prepared {
  ctx: Omit<TargetContext, 'name'>;
  cleanup?: () => Promise<void>;
}

async function prepare(name: TargetName): Promise<Prepared> {
  switch (name) {
    case 'local': {
      const env = testbed();
      return {
        ctx: {
          kubeconfig: env.KUBECONFIG,
          prometheusUrl: env.PROMETHEUS_URL,
          meshUrl: env.MESH_URL || undefined,
        },
      };
    }
    case 'kubeconfig':
      return {
        ctx: {
          kubeconfig: process.env['FLEDGE_E2E_KUBECONFIG']!,
          prometheusUrl: process.env['FLEDGE_E2E_PROMETHEUS_URL'],
          meshUrl: undefined,
        },
      };
    case 'k3s': {
      const { K3sContainer } = await import('@testcontainers/k3s');
      const container = await new K3sContainer(k3sImage).start();
      const dir = await mkdtemp(join(tmpdir(), 'fledge-k3s-'));
      const kubeconfig = join(dir, 'kubeconfig.yaml');
      await writeFile(kubeconfig, container.getKubeConfig(), { mode: 0o600 });
      if (existsSync(istioCrdFile())) {
        await kubectl(['apply', '--server-side', '-f', istioCrdFile()], { kubeconfig });
      }
      return {
        ctx: { kubeconfig, prometheusUrl: undefined, meshUrl: undefined },
        cleanup: async () => {
          await container.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  }
}

/**
 * Runs `fn` once per available target inside `describe('<title> [<target>]')`;
 * registers `<target>: skipped — <reason>` for each unavailable one.
 */
export function describeTargets(title: string, fn: (target: TargetContext) => void): void {
  for (const t of e2eTargets()) {
    if (!t.available) {
      describe(title, () => {
        it.skip(`${t.name}: skipped — ${t.reason}`, () => undefined);
      });
      continue;
    }
    describe(`${title} [${t.name}]`, () => {
      const ctx: TargetContext = {
        name: t.name,
        kubeconfig: '',
        prometheusUrl: undefined,
        meshUrl: undefined,
      };
      let cleanup: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const prepared = await prepare(t.name);
        Object.assign(ctx, prepared.ctx);
        cleanup = prepared.cleanup;
      }, 300_000);
      afterAll(async () => {
        await cleanup?.();
      });
      fn(ctx);
    });
  }
}
