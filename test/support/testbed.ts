/**
 * The test bed as one thing: `up` (build what is missing, start everything
 * detached, wait ready, write `.testbed/env` and `.testbed/state.json`), `down`,
 * `status`, and stop/start of single components for outage tests. A second
 * `up` while a bed is live reuses it; a dead or half-started bed is cleaned up
 * first. Nothing started by a failed `up` is left running.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './cluster/build.js';
import { applyIstioCrds, startControlPlane, startNodeSide } from './cluster/cluster.js';
import { isOk } from './cluster/http.js';
import { withLock } from './cluster/lock.js';
import { meshAvailable, meshMain, startMesh } from './cluster/mesh-process.js';
import { envFile, testbedStateDir } from './cluster/paths.js';
import { isAlive, stopProc } from './cluster/proc.js';
import { settleAll, startComponent } from './cluster/start.js';
import { components } from './cluster/control.js';
import type { ComponentState, TestbedEnv, TestbedState } from './cluster/state.js';
import { formatEnv, isLive, readState, removeState, writeState } from './cluster/state.js';
import { prometheusLaunch } from './prometheus.js';

export type { TestbedEnv } from './cluster/state.js';
export type { ComponentControl } from './cluster/control.js';
export { components } from './cluster/control.js';

const log = (msg: string): void => console.error(`[testbed] ${msg}`);

export interface UpResult {
  env: TestbedEnv;
  /** True when a bed that was already running was reused. */
  reused: boolean;
  state: TestbedState;
}

export interface UpOptions {
  owner?: 'cli' | 'vitest';
  /** A test run's pid, registered as a user of the bed (see `release`). */
  user?: number;
}

const usersDir = join(testbedStateDir, 'users');

export function up(opts: UpOptions = {}): Promise<UpResult> {
  return withLock(async () => {
    if (opts.user) {
      await mkdir(usersDir, { recursive: true });
      await writeFile(join(usersDir, String(opts.user)), '');
    }
    const existing = readState();
    if (existing?.env && (await usable(existing))) {
      const fresh = readState() ?? existing;
      if ((opts.owner ?? 'cli') === 'cli' && fresh.owner !== 'cli') {
        // A person asked for it: it must outlive the test run that started it.
        fresh.owner = 'cli';
        await writeState(fresh);
      }
      log(`reusing the running bed in ${fresh.dir}`);
      return { env: existing.env, reused: true, state: fresh };
    }
    if (existing) {
      log('found a dead or half-started bed; cleaning it up first');
      await teardown(existing);
    }
    const art = await ensureBuilt();
    const started = Date.now();
    const dir = await mkdtemp(join(tmpdir(), 'fledge-testbed-'));
    const state: TestbedState = {
      version: 1,
      dir,
      startedAt: new Date().toISOString(),
      owner: opts.owner ?? 'cli',
      components: [],
    };
    await writeState(state);
    log(`starting in ${dir} (logs in ${join(dir, 'logs')})`);
    // Components start concurrently: serialise the state-file writes.
    let writes = Promise.resolve();
    const record = (c: ComponentState): Promise<void> => {
      const i = state.components.findIndex((x) => x.name === c.name);
      if (i >= 0) state.components[i] = c;
      else state.components.push(c);
      writes = writes.then(() => writeState(state));
      return writes;
    };
    try {
      const cp = await startControlPlane(dir, art, record);
      state.apiserverProbe = cp.apiserverProbe;
      let meshUrl = '';
      let prometheusUrl = '';
      const timed = async (what: string, fn: () => Promise<void>): Promise<void> => {
        const t = Date.now();
        await fn();
        log(`${what} in ${((Date.now() - t) / 1000).toFixed(1)}s`);
      };
      await settleAll([
        timed('controllers, scheduler, kwok and a Ready kwok node', () => startNodeSide(cp, record)),
        timed('Istio CRDs Established', () => applyIstioCrds(cp)),
        (async () => {
          // The mesh retries its VirtualService watch until the CRDs exist, so it need not wait.
          if (meshAvailable()) {
            const mesh = await startMesh(dir, cp.adminKubeconfig, record);
            await record(mesh.state);
            meshUrl = mesh.url;
          } else {
            log(`mesh simulator missing (${meshMain} does not exist): starting without it`);
          }
          const bin = process.env['PROMETHEUS_BIN'] ?? art.bin('prometheus');
          const launch = ([port]: number[]) => prometheusLaunch(dir, port!, meshUrl || undefined, bin);
          const prom = await startComponent('prometheus', 1, launch, record);
          prometheusUrl = prom.probe.url.replace(/\/-\/ready$/, '');
        })(),
      ]);
      const env: TestbedEnv = {
        KUBECONFIG: cp.adminKubeconfig,
        KUBECONFIG_UNPRIVILEGED: cp.userKubeconfig,
        PROMETHEUS_URL: prometheusUrl,
        MESH_URL: meshUrl,
        HELM: art.bin('helm'),
        KSTATUS: art.bin('fledge-kstatus'),
        FLEDGE_TESTBED_DIR: dir,
      };
      state.env = env;
      await writeState(state);
      await mkdir(testbedStateDir, { recursive: true });
      // `export`: README's `source .testbed/env` must reach kubectl in a fresh shell.
      await writeFile(envFile, formatEnv(env, 'export '));
      log(`up in ${((Date.now() - started) / 1000).toFixed(1)}s; env in ${envFile}`);
      return { env, reused: false, state };
    } catch (err) {
      log(`start failed; stopping what was started (logs stay in ${join(dir, 'logs')})`);
      await writes.catch(() => undefined);
      await teardown(state, { keepLogs: true });
      throw err;
    }
  });
}

/**
 * Whether a recorded bed can be reused. A bed whose apiserver does not answer
 * right now is not necessarily dead: a test may be in the middle of an outage
 * scenario, or the box is busy. Only a component that died unasked makes it dead.
 */
async function usable(state: TestbedState): Promise<boolean> {
  const deadline = Date.now() + 90_000;
  let waiting = false;
  for (;;) {
    const s = readState() ?? state;
    const crashed = s.components.filter((c) => !c.stopped && !isAlive(c));
    if (crashed.length > 0) {
      log(`recorded bed is broken: ${crashed.map((c) => c.name).join(', ')} not running`);
      return false;
    }
    if (await isLive(s)) return true;
    if (Date.now() > deadline) {
      const api = s.components.find((c) => c.name === 'kube-apiserver');
      if (!api?.stopped) return false;
      log('the apiserver was left stopped by a test; starting it again');
      await components.apiserver.start();
      return isLive(readState());
    }
    if (!waiting)
      log('recorded bed does not answer yet (busy, or a test restarts its apiserver); waiting up to 90s');
    waiting = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Stops every component (reverse start order), removes the temp dir and the
 * state files. After a failed start the logs stay (`keepLogs`): the error names them.
 */
async function teardown(state: TestbedState, opts: { keepLogs?: boolean } = {}): Promise<void> {
  for (const c of [...state.components].reverse()) {
    try {
      await stopProc(c);
    } catch (err) {
      log(`could not stop ${c.name}: ${String(err)}`);
    }
  }
  if (state.dir.startsWith(join(tmpdir(), 'fledge-testbed-'))) {
    if (opts.keepLogs) {
      const entries = await readdir(state.dir).catch(() => [] as string[]);
      await Promise.all(
        entries
          .filter((e) => e !== 'logs')
          .map((e) => rm(join(state.dir, e), { recursive: true, force: true })),
      );
    } else {
      await rm(state.dir, { recursive: true, force: true });
    }
  }
  await removeState();
  await rm(envFile, { force: true });
}

/**
 * A test run is done with the bed. The bed is stopped when it was started by a
 * test run (not by hand) and no other live test run still uses it, so
 * concurrent runs can share one bed whoever started it.
 */
export function release(user: number): Promise<void> {
  return withLock(async () => {
    await rm(join(usersDir, String(user)), { force: true });
    const others = (await readdir(usersDir).catch(() => [] as string[])).filter((p) => {
      const pid = Number(p);
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        void rm(join(usersDir, p), { force: true });
        return false;
      }
    });
    const state = readState();
    if (!state || state.owner !== 'vitest') return;
    if (others.length > 0) {
      log(`leaving the bed up for ${others.length} other test run(s) (pids ${others.join(', ')})`);
      return;
    }
    await teardown(state);
  });
}

/** Stops the bed recorded in `.testbed/state.json`; false when there was none. */
export function down(): Promise<boolean> {
  return withLock(async () => {
    const state = readState();
    if (!state) {
      if (existsSync(envFile)) await rm(envFile, { force: true });
      return false;
    }
    await teardown(state);
    return true;
  });
}

/** For an interrupted `up` in this process (which holds the lock): stop without waiting for it. */
export async function abortUp(): Promise<void> {
  const state = readState();
  if (state) await teardown(state);
}

export interface ComponentStatus {
  name: string;
  pid: number;
  alive: boolean;
  ready: boolean;
  stoppedByTest: boolean;
  logFile: string;
}

export async function status(): Promise<{
  live: boolean;
  state?: TestbedState;
  components: ComponentStatus[];
}> {
  const state = readState();
  if (!state) return { live: false, components: [] };
  const components = await Promise.all(
    state.components.map(async (c) => ({
      name: c.name,
      pid: c.pid,
      alive: isAlive(c),
      ready: isAlive(c) && (await isOk(c.probe.url, c.probe.tls)),
      stoppedByTest: c.stopped === true,
      logFile: c.logFile,
    })),
  );
  return { live: await isLive(state), state, components };
}
