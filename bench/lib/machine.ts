import os from 'node:os';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  loadAverage: number[];
  node: string;
  platform: string;
}

/** The machine as found at the start of a run; the load average says how busy it already was. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

const require = createRequire(import.meta.url);

/** Installed version of a package, read from its package.json (exports maps may hide it). */
export function packageVersion(name: string): string {
  try {
    const main = require.resolve(name);
    let dir = main;
    for (let i = 0; i < 8; i++) {
      dir = dir.slice(0, dir.lastIndexOf('/'));
      try {
        const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === name) return pkg.version ?? 'unknown';
      } catch {
        // not this directory; walk up
      }
    }
  } catch {
    // not installed
  }
  return 'not installed';
}
