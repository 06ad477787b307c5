import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { measure, measureAsync } from '../lib/measure.js';
import type { Measurement, MeasureOptions } from '../lib/measure.js';
import { SHAPES, userPool } from './shapes.js';
import type { BenchUser, Shape } from './shapes.js';
import { fledgePeer } from './peers/fledge.js';
import { flagdCorePeer } from './peers/flagd-core.js';
import { unleashPeer } from './peers/unleash.js';
import { growthbookPeer } from './peers/growthbook.js';
import { launchDarklyPeer } from './peers/launchdarkly.js';
import { plainJsPeer } from './peers/plain-js.js';
import type { Evaluate, Peer } from './peers/types.js';

export const PEERS: Peer[] = [
  fledgePeer,
  flagdCorePeer,
  unleashPeer,
  growthbookPeer,
  launchDarklyPeer,
  plainJsPeer,
];

export interface CaseResult {
  peer: string;
  shape: Shape;
  /** Undefined when the peer cannot express the shape; the median round when there are several. */
  result?: Measurement;
  /** Every round, in run order, when the case ran more than once. */
  rounds?: Measurement[];
}

export interface Agreement {
  shape: Shape;
  checked: number;
  mismatches: number;
  /** Distinct answers seen: guards against both sides silently returning the default. */
  distinct: number;
}

/** Runs every peer on every shape, in this process, one case after another. */
export async function runCases(opts: MeasureOptions, users: BenchUser[] = userPool()): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const peer of PEERS) {
    for (const shape of SHAPES) {
      const evaluate = await peer.prepare(shape, users);
      const result = !evaluate
        ? undefined
        : peer.async
          ? await measureAsync(evaluate as (i: number) => Promise<unknown>, opts)
          : measure(evaluate, opts);
      out.push({ peer: peer.name, shape, result });
    }
    await peer.close?.();
  }
  return out;
}

const WORKER = fileURLToPath(new URL('./case-worker.ts', import.meta.url));

/**
 * As `runCases`, each case in its own Node process (see case-worker.ts), one
 * after another so cases never compete for the CPU with each other. Fledge
 * and flagd-core, whose ratio is the target, run `rounds` times, alternating;
 * their result is the median round and `rounds` keeps every round.
 */
export async function runCasesIsolated(opts: MeasureOptions, rounds = 1): Promise<CaseResult[]> {
  const runs = new Map<string, Measurement[]>();
  for (let r = 0; r < rounds; r++) {
    for (const peer of r === 0 ? PEERS : [fledgePeer, flagdCorePeer]) {
      for (const shape of SHAPES) {
        const m = await runWorker(peer.name, shape, opts);
        const k = `${peer.name}\0${shape}`;
        if (m) runs.set(k, [...(runs.get(k) ?? []), m]);
      }
    }
  }
  return PEERS.flatMap((peer) =>
    SHAPES.map((shape): CaseResult => {
      const all = runs.get(`${peer.name}\0${shape}`);
      if (!all) return { peer: peer.name, shape };
      const sorted = [...all].sort((a, b) => a.opsPerSec - b.opsPerSec);
      return { peer: peer.name, shape, result: sorted[Math.floor((sorted.length - 1) / 2)], rounds: all };
    }),
  );
}

async function runWorker(peer: string, shape: Shape, opts: MeasureOptions): Promise<Measurement | null> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', WORKER, peer, shape, JSON.stringify(opts)],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as Measurement | null;
}

/** Compares Fledge's answers with flagd-core's for every user in the pool, shape by shape. */
export async function checkAgreement(users: BenchUser[] = userPool()): Promise<Agreement[]> {
  const out: Agreement[] = [];
  for (const shape of SHAPES) {
    const a = (await fledgePeer.prepare(shape, users)) as Evaluate;
    const b = (await flagdCorePeer.prepare(shape, users)) as Evaluate;
    // set-1000 cycles keys by index; cover every key at least once.
    const checked = Math.max(users.length, shape === 'set-1000' ? 1000 : 0);
    let mismatches = 0;
    const seen = new Set<unknown>();
    for (let i = 0; i < checked; i++) {
      const value = a(i);
      seen.add(value);
      if (value !== b(i)) mismatches++;
    }
    out.push({ shape, checked, mismatches, distinct: seen.size });
  }
  await fledgePeer.close?.();
  return out;
}
