/**
 * `.testbed/state.json`: what runs, by pid and full command line, with a probe
 * that says when it is ready. It is written as each component starts, so a
 * failed or interrupted `up` still leaves enough to clean up after.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import type { ClientTls } from './http.js';
import { isOk } from './http.js';
import { stateFile, testbedStateDir } from './paths.js';
import type { ProcRecord } from './proc.js';

/** What tests and people get (also written to `.testbed/env`). */
export interface TestbedEnv {
  KUBECONFIG: string;
  KUBECONFIG_UNPRIVILEGED: string;
  PROMETHEUS_URL: string;
  /** Empty when the mesh simulator is not part of this bed. */
  MESH_URL: string;
  HELM: string;
  /** `$KSTATUS < object.json` prints kstatus's verdict (sigs.k8s.io/cli-utils) as JSON. */
  KSTATUS: string;
  FLEDGE_TESTBED_DIR: string;
}

export const envKeys = [
  'KUBECONFIG',
  'KUBECONFIG_UNPRIVILEGED',
  'PROMETHEUS_URL',
  'MESH_URL',
  'HELM',
  'KSTATUS',
  'FLEDGE_TESTBED_DIR',
] as const satisfies readonly (keyof TestbedEnv)[];

export interface Probe {
  url: string;
  tls?: ClientTls;
}

export interface ComponentState extends ProcRecord {
  probe: Probe;
  /** Stopped on purpose by a test (outage scenario); it will be started again. */
  stopped?: boolean;
}

export interface TestbedState {
  version: 1;
  /** Temp dir with certs, data and one log file per component. */
  dir: string;
  startedAt: string;
  /** In start order; stopped in reverse. */
  components: ComponentState[];
  /** Present once the bed is fully up. */
  env?: TestbedEnv;
  /** `cli`: started by hand, stays up; `vitest`: stopped when its last test run ends. */
  owner?: 'cli' | 'vitest';
  /** The apiserver readiness probe (how "is the bed live?" is answered). */
  apiserverProbe?: Probe;
}

export function readState(): TestbedState | undefined {
  if (!existsSync(stateFile)) return undefined;
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as TestbedState;
  } catch {
    return undefined;
  }
}

export async function writeState(state: TestbedState): Promise<void> {
  await mkdir(testbedStateDir, { recursive: true });
  const tmp = `${stateFile}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await rename(tmp, stateFile);
}

export async function removeState(): Promise<void> {
  await rm(stateFile, { force: true });
}

/** Live = fully up and the apiserver answers /readyz. */
export async function isLive(state: TestbedState | undefined): Promise<boolean> {
  if (!state?.env || !state.apiserverProbe) return false;
  return isOk(state.apiserverProbe.url, state.apiserverProbe.tls);
}

export function formatEnv(env: TestbedEnv, prefix = ''): string {
  return envKeys.map((k) => `${prefix}${k}=${shellQuote(env[k])}`).join('\n') + '\n';
}

function shellQuote(v: string): string {
  return /^[\w@%+=:,./-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}

/** Parses `.testbed/env` (KEY=value lines, optionally single-quoted). */
export function parseEnv(text: string): Partial<TestbedEnv> {
  const out: Partial<Record<keyof TestbedEnv, string>> = {};
  for (const line of text.split('\n')) {
    const m = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1] || m[2] === undefined) continue;
    const raw = m[2];
    const value = raw.startsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw;
    if ((envKeys as readonly string[]).includes(m[1])) out[m[1] as keyof TestbedEnv] = value;
  }
  return out;
}
