/**
 * Extra scrape targets for the bed's Prometheus, added at run time: a test
 * that runs a simulated workload registers its /metrics here and Prometheus
 * scrapes it every second, with the labels given (e.g. `namespace`, as a
 * PodMonitor would attach). Targets are file_sd files in the bed's
 * `prometheus/targets/`; a bed started before the file_sd job existed gets
 * it added to its config and reloaded (`--web.enable-lifecycle`).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { testbed } from './env.js';
import { fileTargetsJob, TARGETS_JOB } from './prometheus.js';

export interface ScrapeTarget {
  /** Removes the target; Prometheus stops scraping it within ~1 s. */
  remove(): Promise<void>;
}

/** Scrapes `url` (`http://127.0.0.1:<port>`, path /metrics) with `labels` until removed. */
export async function addScrapeTarget(
  id: string,
  url: string,
  labels: Record<string, string> = {},
): Promise<ScrapeTarget> {
  const env = testbed();
  const home = join(env.FLEDGE_TESTBED_DIR, 'prometheus');
  const dir = join(home, 'targets');
  await mkdir(dir, { recursive: true });
  await ensureTargetsJob(join(home, 'prometheus.yml'), join(dir, '*.json'), env.PROMETHEUS_URL);
  const file = join(dir, `${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  const tmp = `${file}.tmp`;
  // Written whole then renamed, so Prometheus never reads half a file.
  await writeFile(tmp, JSON.stringify([{ targets: [new URL(url).host], labels }]));
  await rename(tmp, file);
  return { remove: () => rm(file, { force: true }) };
}

async function ensureTargetsJob(config: string, glob: string, prometheusUrl: string): Promise<void> {
  const cfg = (parse(await readFile(config, 'utf8')) ?? {}) as { scrape_configs?: { job_name?: string }[] };
  if ((cfg.scrape_configs ?? []).some((j) => j.job_name === TARGETS_JOB)) return;
  cfg.scrape_configs = [...(cfg.scrape_configs ?? []), fileTargetsJob(glob)];
  await writeFile(config, stringify(cfg));
  const res = await fetch(`${prometheusUrl}/-/reload`, { method: 'POST' });
  if (!res.ok) throw new Error(`Prometheus reload failed: HTTP ${res.status} ${await res.text()}`);
}
