/**
 * Real Prometheus for the bed (3.x, built from its Go module into the cache;
 * PROMETHEUS_BIN runs another one): a generated config that scrapes the mesh
 * simulator every second, a temp TSDB, a free loopback port.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Launch } from './cluster/start.js';

export interface PrometheusConfigInput {
  /** Base URL of the mesh simulator (`http://127.0.0.1:<port>`), or undefined when absent. */
  meshUrl?: string | undefined;
  /** Glob of file_sd target files tests add at run time (prometheus-targets.ts). */
  targetsGlob?: string | undefined;
}

/** The job that scrapes the targets tests register (simulated workloads' /metrics). */
export function fileTargetsJob(targetsGlob: string): object {
  return {
    job_name: TARGETS_JOB,
    metrics_path: '/metrics',
    file_sd_configs: [{ files: [targetsGlob], refresh_interval: '1s' }],
  };
}

export const TARGETS_JOB = 'test-targets';

export function prometheusConfig({ meshUrl, targetsGlob }: PrometheusConfigInput): string {
  const scrapeConfigs: object[] = [];
  if (meshUrl) {
    const u = new URL(meshUrl);
    scrapeConfigs.push({
      job_name: 'mesh',
      metrics_path: '/metrics',
      static_configs: [{ targets: [u.host] }],
    });
  }
  if (targetsGlob) scrapeConfigs.push(fileTargetsJob(targetsGlob));
  return stringify({
    // Fast enough that a test sees a weight change within seconds.
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: scrapeConfigs,
  });
}

/** Writes the config and returns how to launch Prometheus on `port`. */
export async function prometheusLaunch(
  dir: string,
  port: number,
  meshUrl: string | undefined,
  bin: string,
): Promise<Launch> {
  const home = join(dir, 'prometheus');
  await mkdir(join(home, 'data'), { recursive: true });
  const config = join(home, 'prometheus.yml');
  await mkdir(join(home, 'targets'), { recursive: true });
  await writeFile(config, prometheusConfig({ meshUrl, targetsGlob: join(home, 'targets', '*.json') }));
  return {
    spec: {
      name: 'prometheus',
      command: bin,
      logFile: join(dir, 'logs', 'prometheus.log'),
      args: [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(home, 'data')}`,
        '--storage.tsdb.retention.time=1d',
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
      ],
    },
    probe: { url: `http://127.0.0.1:${port}/-/ready` },
  };
}
