/**
 * Starts one component on fresh free ports and waits for its probe, retrying
 * with new ports when another process grabbed one in between, and re-spawns a
 * recorded component with its exact command line (for outage tests).
 */
import { BedError } from './bed-error.js';
import { isOk } from './http.js';
import type { ProcSpec } from './proc.js';
import { StartError, freePort, spawnDetached, stopProc, waitReady } from './proc.js';
import type { ComponentState, Probe } from './state.js';

export interface Launch {
  spec: ProcSpec;
  probe: Probe;
}

const attempts = 3;

/** `kube-apiserver` → `KUBE_APISERVER`, for the FLEDGE_TESTBED_<NAME>_… settings. */
export function envName(component: string): string {
  return component.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * Per-component settings for debugging (and for the tests that make a start
 * fail on purpose): FLEDGE_TESTBED_<NAME>_PORT pins the first port instead of
 * picking a free one; FLEDGE_TESTBED_<NAME>_ARGS adds command-line flags
 * (space-separated).
 */
function overrides(component: string): { port?: number; args: string[] } {
  const port = process.env[`FLEDGE_TESTBED_${envName(component)}_PORT`];
  const args = process.env[`FLEDGE_TESTBED_${envName(component)}_ARGS`];
  return {
    ...(port ? { port: Number(port) } : {}),
    args: args ? args.split(/\s+/).filter(Boolean) : [],
  };
}

/** One plain line for a component that did not come up, with its log tail as detail. */
function explain(name: string, err: StartError, logFile: string, pinned: number | undefined): BedError {
  const hint = err.portInUse
    ? pinned
      ? `port ${pinned} (FLEDGE_TESTBED_${envName(name)}_PORT) is taken by another process; free it or unset that variable`
      : 'its ports were taken by other processes three times in a row; run `npm run testbed:up` again'
    : /unknown flag|flag provided but not defined|unknown (long|short)hand flag|unexpected argument/i.test(
          err.log,
        )
      ? `it rejected a command-line flag (check FLEDGE_TESTBED_${envName(name)}_ARGS); see ${logFile}`
      : `${err.reason}; see ${logFile}, then run \`npm run testbed:up\` again`;
  return new BedError(`test bed: ${name} did not start: ${hint}`, err.log, { cause: err });
}

/**
 * `make` receives `portCount` free ports and returns what to run. `onSpawned`
 * records the process before the wait, so an interrupted start can be cleaned up.
 */
export async function startComponent(
  name: string,
  portCount: number,
  make: (ports: number[]) => Promise<Launch> | Launch,
  onSpawned: (c: ComponentState) => Promise<void>,
  timeoutMs = 60_000,
): Promise<ComponentState> {
  const settings = overrides(name);
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = settings.port ? [settings.port] : [];
    while (ports.length < portCount) {
      const p = await freePort();
      if (!ports.includes(p)) ports.push(p);
    }
    const launch = await make(ports);
    const probe = launch.probe;
    const spec = { ...launch.spec, args: [...launch.spec.args, ...settings.args] };
    const started = Date.now();
    const state: ComponentState = { ...spawnDetached(spec), probe };
    await onSpawned(state);
    try {
      await waitReady(state, () => isOk(probe.url, probe.tls), timeoutMs);
      console.error(
        `[testbed] ${spec.name} ready in ${((Date.now() - started) / 1000).toFixed(1)}s (pid ${state.pid})`,
      );
      return state;
    } catch (err) {
      await stopProc(state, 3000);
      if (!(err instanceof StartError)) throw err;
      if (err.portInUse && !settings.port && attempt < attempts) {
        console.error(`[testbed] ${spec.name}: port taken, retrying on new ports`);
        continue;
      }
      throw explain(spec.name, err, spec.logFile, settings.port);
    }
  }
}

/** Re-spawns a component with the command line it was recorded with and waits for its probe. */
export async function respawn(c: ComponentState, timeoutMs = 60_000): Promise<ComponentState> {
  const next: ComponentState = { ...spawnDetached(c), probe: c.probe };
  try {
    await waitReady(next, () => isOk(c.probe.url, c.probe.tls), timeoutMs);
  } catch (err) {
    await stopProc(next, 3000);
    throw err;
  }
  return next;
}

/**
 * Like Promise.all, but waits for every branch before failing, so nothing is
 * still spawning (and recording) processes while the caller tears down.
 */
export async function settleAll(work: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
