/**
 * Stop and start one recorded component of the running bed from any process,
 * by the pid and command line in `.testbed/state.json` (outage scenarios:
 * apiserver restarts for informer tests, Prometheus down for analysis tests).
 * A component stopped this way is marked, so a concurrent `up` waits for it
 * instead of judging the bed dead.
 */
import { join } from 'node:path';
import { testbedStateDir } from './paths.js';
import { isAlive, stopProc } from './proc.js';
import { respawn } from './start.js';
import type { ComponentState, TestbedState } from './state.js';
import { readState, writeState } from './state.js';

/** Stop/start of one recorded component, usable from any process (for outage tests). */
export interface ComponentControl {
  stop(): Promise<void>;
  /** Re-spawns with the same command line (same port, same data) and waits until ready. */
  start(): Promise<void>;
  restart(): Promise<void>;
  isRunning(): boolean;
}

function control(name: string): ComponentControl {
  const find = (): { state: TestbedState; c: ComponentState } => {
    const state = readState();
    const c = state?.components.find((x) => x.name === name);
    if (!state || !c)
      throw new Error(`test bed: no ${name} recorded in ${join(testbedStateDir, 'state.json')}`);
    return { state, c };
  };
  const update = async (next: ComponentState): Promise<void> => {
    // Re-read: another component may have been restarted meanwhile.
    const fresh = readState() ?? find().state;
    fresh.components = fresh.components.map((x) => (x.name === name ? next : x));
    await writeState(fresh);
  };
  const stop = async (): Promise<void> => {
    const { c } = find();
    await update({ ...c, stopped: true });
    await stopProc(c);
  };
  const start = async (): Promise<void> => {
    const { c } = find();
    if (isAlive(c)) return;
    const { stopped: _stopped, ...spec } = c;
    await update(await respawn(spec));
  };
  return {
    stop,
    start,
    restart: async () => {
      await stop();
      await start();
    },
    isRunning: () => isAlive(find().c),
  };
}

export const components = {
  etcd: control('etcd'),
  apiserver: control('kube-apiserver'),
  controllerManager: control('kube-controller-manager'),
  scheduler: control('kube-scheduler'),
  kwok: control('kwok'),
  mesh: control('mesh'),
  prometheus: control('prometheus'),
};
