/** Readings of one operator process: /proc for memory and CPU, its /metrics for the work queue. */
import { readFileSync } from 'node:fs';
import { sleep } from '../lib/bed.js';

/** Resident set size in MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`/proc/${pid}/status has no VmRSS`);
  return Number(m[1]) / 1024;
}

/** User + system CPU time of a process in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after it are split from the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}

/** CPU use of `pid` over `ms`, as % of one core (Linux USER_HZ is 100). */
export async function cpuPercent(pid: number, ms: number): Promise<number> {
  const t0 = Date.now();
  const c0 = cpuTicks(pid);
  await sleep(ms);
  const c1 = cpuTicks(pid);
  return ((c1 - c0) / 100 / ((Date.now() - t0) / 1000)) * 100;
}

/** Sum of a metric's samples in Prometheus text format, over every label set. */
export function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export interface RequestCounts {
  requests: number;
  /** By `METHOD host /path` with names left out (see count-requests.mjs). */
  byTarget: Record<string, number>;
}

/** The requests counted by count-requests.mjs so far. */
export function requestsSoFar(file: string): RequestCounts {
  return JSON.parse(readFileSync(file, 'utf8')) as RequestCounts;
}

/** Requests made between two readings, busiest targets first. */
export function requestsBetween(a: RequestCounts, b: RequestCounts): [string, number][] {
  return Object.entries(b.byTarget)
    .map(([k, n]): [string, number] => [k, n - (a.byTarget[k] ?? 0)])
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1]);
}
