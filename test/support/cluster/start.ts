/**
 * Starts one component on fresh free ports and waits for its probe, retrying
 * with new ports when another process grabbed one in between, and re-spawns a
 * recorded component with its exact command line (for outage tests).
 */
import { isOk } from './http.js';
import type { ProcSpec } from './proc.js';
import { StartError, freePort, spawnDetached, stopProc, waitReady } from './proc.js';
import type { ComponentState, Probe } from './state.js';

export interface Launch {
  spec: ProcSpec;
  probe: Probe;
}

const attempts = 3;

/**
 * `make` receives `portCount` free ports and returns what to run. `onSpawned`
 * records the process before the wait, so an interrupted start can be cleaned up.
 */
export async function startComponent(
  portCount: number,
  make: (ports: number[]) => Promise<Launch> | Launch,
  onSpawned: (c: ComponentState) => Promise<void>,
  timeoutMs = 60_000,
): Promise<ComponentState> {
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    while (ports.length < portCount) {
      const p = await freePort();
      if (!ports.includes(p)) ports.push(p);
    }
    const { spec, probe } = await make(ports);
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
      if (err instanceof StartError && err.portInUse && attempt < attempts) {
        console.error(`[testbed] ${spec.name}: port taken, retrying on new ports`);
        continue;
      }
      throw err;
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
