/**
 * Benchmark 2: a FeatureFlag change reaching the ConfigMap and an SDK
 * process. For each layout (one big set; several smaller sets) it creates
 * the flags, waits until they are all published, then makes sequential
 * updates and times each one to the ConfigMap (a watch in this process) and
 * to the SDK (sdk-watcher.ts, a separate process using the API source).
 */
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { KubeClient } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resource-kind.js';
import type { KubeObject } from '../../src/kube/resource-client.js';
import type { TestbedEnv } from '../../test/support/cluster/state.js';
import {
  applyCrds,
  bedEnv,
  bedVersions,
  createNamespace,
  deleteNamespaces,
  inParallel,
  kubeFor,
  repo,
  waitFor,
} from '../lib/bed.js';
import { machineInfo } from '../lib/machine.js';
import { startOperator } from '../lib/operator.js';
import { fmt, machineSection, table, writeResult } from '../lib/report.js';
import { summarise, type LayoutResult } from './report.js';

export const TARGET_CM_P99_MS = 200;
export const TARGET_SDK_P99_MS = 500;

export interface Layout {
  name: string;
  sets: number;
  flagsPerSet: number;
}

export interface PropagationOptions {
  layouts: Layout[];
  updates: number;
}

export const FULL: PropagationOptions = {
  layouts: [
    { name: '1 set × 5,000 flags', sets: 1, flagsPerSet: 5000 },
    { name: '10 sets × 500 flags', sets: 10, flagsPerSet: 500 },
  ],
  updates: 200,
};
export const QUICK: PropagationOptions = {
  layouts: [
    { name: '1 set × 40 flags', sets: 1, flagsPerSet: 40 },
    { name: '4 sets × 10 flags', sets: 4, flagsPerSet: 10 },
  ],
  updates: 5,
};

const setName = (s: number): string => `set${s}`;
const flagName = (s: number, i: number): string => `f${s}-${i}`;
const configMapOf = (s: number): string => `fledge-flags-${setName(s)}`;

interface ConfigMap {
  metadata: { name: string; resourceVersion?: string };
  data?: Record<string, string>;
}

export async function runPropagation(opts: {
  quick: boolean;
  command: string;
  out?: string;
  env?: TestbedEnv;
}): Promise<{ layouts: LayoutResult[]; markdown: string }> {
  const started = new Date();
  const machine = machineInfo();
  const env = opts.env ?? bedEnv();
  const kube = kubeFor(env);
  const o = opts.quick ? QUICK : FULL;
  try {
    await applyCrds(env);
    const layouts: LayoutResult[] = [];
    for (const layout of o.layouts) layouts.push(await runLayout(env, kube, layout, o.updates));
    const markdown = render(layouts, opts, started, machineSection(opts.command, started, machine), [
      ...(await bedVersions(env, kube)),
    ]);
    if (opts.out) writeResult(opts.out, markdown);
    return { layouts, markdown };
  } finally {
    kube.close();
  }
}

export async function runLayout(
  env: TestbedEnv,
  kube: KubeClient,
  layout: Layout,
  updates: number,
): Promise<LayoutResult> {
  const ns = await createNamespace(env, 'bench-prop');
  const op = await startOperator(env, { namespaces: [ns] });
  const flags = kube.resources<KubeObject & { spec: object }>(kinds.featureFlag);
  const log = (m: string): void => console.log(`  [${layout.name}] ${m}`);
  try {
    const all: [number, number][] = [];
    for (let s = 0; s < layout.sets; s++) for (let i = 0; i < layout.flagsPerSet; i++) all.push([s, i]);
    const t0 = Date.now();
    await inParallel(all, 16, ([s, i]) =>
      flags.create({
        apiVersion: 'fledge.dev/v1alpha1',
        kind: 'FeatureFlag',
        metadata: { name: flagName(s, i), namespace: ns },
        spec: { flagSet: setName(s), variants: { on: true, off: false }, defaultVariant: 'off' },
      }),
    );
    log(`created ${all.length} FeatureFlags in ${Date.now() - t0} ms`);

    // The latest flags.json of each set, from a watch: the ConfigMap side of every measurement.
    const latest = new Map<string, Record<string, { defaultVariant?: string }>>();
    const cmWaiters: { cm: string; flag: string; variant: string; resolve: (at: number) => void }[] = [];
    const stream = await kube.resources<ConfigMap>(kinds.configMap).watch(ns, {}, (e) => {
      if (e.type !== 'ADDED' && e.type !== 'MODIFIED') return;
      const at = Date.now();
      const cm = e.object;
      const text = cm.data?.['flags.json'];
      if (!text) return;
      const doc = JSON.parse(text) as { flags: Record<string, { defaultVariant?: string }> };
      latest.set(cm.metadata.name, doc.flags);
      for (let k = cmWaiters.length - 1; k >= 0; k--) {
        const w = cmWaiters[k]!;
        if (w.cm === cm.metadata.name && doc.flags[w.flag]?.defaultVariant === w.variant) {
          cmWaiters.splice(k, 1);
          w.resolve(at);
        }
      }
    });
    try {
      const published = await waitFor(
        () => {
          let n = 0;
          for (let s = 0; s < layout.sets; s++) n += Object.keys(latest.get(configMapOf(s)) ?? {}).length;
          return n === all.length ? Date.now() : undefined;
        },
        600_000,
        `${all.length} flags published`,
        200,
      );
      log(`all published ${published - t0} ms after the first create`);

      const sdk = startSdk(env, ns, layout.sets);
      try {
        await sdk.ready;
        const cmMs: number[] = [];
        const sdkMs: number[] = [];
        let timeouts = 0;
        for (let u = 0; u < updates; u++) {
          // Spread over every set and flag; each update flips a flag's default variant.
          const s = u % layout.sets;
          const i = (u * 7919) % layout.flagsPerSet;
          const flag = flagName(s, i);
          const variant = latest.get(configMapOf(s))?.[flag]?.defaultVariant === 'on' ? 'off' : 'on';
          const cmSeen = new Promise<number>((resolve) =>
            cmWaiters.push({ cm: configMapOf(s), flag, variant, resolve }),
          );
          const sdkSeen = sdk.next(flag, variant === 'on');
          const sent = Date.now();
          await flags.patch(ns, flag, { spec: { defaultVariant: variant } });
          const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), 10_000));
          const [cmAt, sdkAt] = await Promise.all([
            Promise.race([cmSeen, timeout]),
            Promise.race([sdkSeen, timeout]),
          ]);
          if (cmAt === undefined || sdkAt === undefined) timeouts++;
          if (cmAt !== undefined) cmMs.push(cmAt - sent);
          if (sdkAt !== undefined) sdkMs.push(sdkAt - sent);
        }
        log(`${updates} updates timed`);
        return { layout, flags: all.length, createAndPublishMs: published - t0, cmMs, sdkMs, timeouts };
      } finally {
        await sdk.stop();
      }
    } finally {
      stream.abort();
    }
  } finally {
    await op.stop();
    await deleteNamespaces(env, [ns]);
  }
}

/** sdk-watcher.ts as a child process; `next(flag, value)` resolves with the time it served that value. */
function startSdk(env: TestbedEnv, ns: string, sets: number) {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repo, 'bench', 'propagation', 'sdk-watcher.ts'),
      ns,
      ...Array.from({ length: sets }, (_, s) => configMapOf(s)),
    ],
    { cwd: repo, env: { ...process.env, KUBECONFIG: env.KUBECONFIG }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const waiters: { flag: string; value: boolean; resolve: (at: number) => void }[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    proc.once('exit', (code) => reject(new Error(`sdk-watcher exited ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`sdk-watcher not ready after 120 s: ${stderr}`)), 120_000).unref();
  });
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const msg = JSON.parse(line) as { ready?: boolean; flag?: string; value?: boolean; at?: number };
    if (msg.ready) return markReady();
    const k = waiters.findIndex((w) => w.flag === msg.flag && w.value === msg.value);
    if (k >= 0) waiters.splice(k, 1)[0]!.resolve(msg.at ?? NaN);
  });
  return {
    ready,
    next: (flag: string, value: boolean) =>
      new Promise<number>((resolve) => waiters.push({ flag, value, resolve })),
    stop: async () => {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.stdin.end();
      setTimeout(() => proc.kill('SIGKILL'), 5_000).unref();
      await exited;
    },
  };
}

function render(
  layouts: LayoutResult[],
  opts: { quick: boolean },
  _started: Date,
  machine: string,
  versions: string[],
): string {
  const rows = layouts.map((l) => summarise(l, TARGET_CM_P99_MS, TARGET_SDK_P99_MS));
  return [
    '# Benchmark 2: propagation, FeatureFlag change → ConfigMap → SDK',
    '',
    ...(opts.quick ? ['> Quick mode: tiny counts, figures are NOT meaningful.', ''] : []),
    machine,
    '',
    '## Targets (issue 7)',
    '',
    `p99 under ${TARGET_CM_P99_MS} ms from the update to the ConfigMap holding the new value, and under ${TARGET_SDK_P99_MS} ms to an SDK process (API source) evaluating it.`,
    '',
    table([
      ['Layout', 'Updates', 'ConfigMap p50 / p99 ms', 'SDK p50 / p99 ms', 'Timeouts', 'Target'],
      ...rows.map((r) => [
        r.layout,
        String(r.updates),
        `${fmt(r.cmP50)} / ${fmt(r.cmP99)}`,
        `${fmt(r.sdkP50)} / ${fmt(r.sdkP99)}`,
        String(r.timeouts),
        r.met ? 'met' : 'NOT met',
      ]),
    ]),
    '',
    '## Versions',
    '',
    ...versions,
    '',
    '## Details',
    '',
    table([
      ['Layout', 'Flags', 'Create + publish all', 'ConfigMap max ms', 'SDK max ms'],
      ...rows.map((r) => [
        r.layout,
        fmt(r.flags),
        `${fmt(r.createAndPublishMs)} ms`,
        fmt(r.cmMax),
        fmt(r.sdkMax),
      ]),
    ]),
    '',
    '## Method',
    '',
    '- Each layout gets a fresh namespace and its own `fledge run -n <namespace>` (TypeScript through tsx, default settings). The flags are created through the API, 16 at a time; the clock starts when every set’s ConfigMap holds all of them.',
    '- Each update is a merge patch of one FeatureFlag through the API (what `kubectl patch` sends, without kubectl’s start-up) flipping `spec.defaultVariant`; updates are sequential, spread over every set, and the next one starts when both sides saw the previous one (or 10 s passed: counted as a timeout and left out of the percentiles).',
    '- ConfigMap time: a watch on the namespace’s ConfigMaps in the benchmark process; the time is taken when the event arrives, before its flags.json is parsed.',
    '- SDK time: `bench/propagation/sdk-watcher.ts`, a separate Node process with one `createClient({ source: configMapSource(…) })` per set, reports the wall-clock time of the SDK’s `change` event that made the flag evaluate to the new value. Same machine, same clock.',
    '- p50/p99 are nearest-rank over the updates of the layout.',
    '',
    opts.quick ? '' : analysis(),
  ].join('\n');
}

/** The why (profile, next steps), written by hand next to the code after a run. */
function analysis(): string {
  const file = new URL('./analysis.md', import.meta.url);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
