/**
 * `npm run demo`: Fledge end to end on the local test bed, in a few minutes.
 *
 * Brings up the bed (building it on first use), runs the operator, applies
 * examples/, drives a healthy release to promotion and a faulty one to
 * rollback (shown live by `fledge watch`), flips a feature flag and shows a
 * separate SDK process seeing it, then prints a summary and waits for Ctrl-C,
 * which stops everything the demo started.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { describeBedFailure } from '../../test/support/cluster/bed-error.js';
import { kubectl, kubectlRun } from '../../test/support/kubectl.js';
import { MeshClient } from '../../test/support/mesh/client.js';
import { abortUp, release, up, type TestbedEnv } from '../../test/support/testbed.js';
import { fledge, repo, startOperator, startWorkload, stopAll, type Operator } from './processes.js';
import { demoCanary, header, say, waitFor, type Outcome } from './steps.js';

const usage = `Usage: npm run demo [-- --no-wait] [--namespace NS]

  --no-wait        clean up and exit after the summary instead of waiting for Ctrl-C
  --namespace NS   namespace for the demo's objects (default fledge-demo; recreated)
`;

const { values: opts } = parseArgs({
  options: {
    'no-wait': { type: 'boolean', default: false },
    namespace: { type: 'string', default: 'fledge-demo' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const ns = opts.namespace;

let bedUp = false;
let env: TestbedEnv | undefined;
let operator: Operator | undefined;
let cleaning: Promise<void> | undefined;

/** Deletes what the demo created (the operator still runs so finalizers complete), then stops it all. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    say('\ncleaning up…');
    if (env) {
      process.env['KUBECONFIG'] = env.KUBECONFIG;
      if (env.MESH_URL) await new MeshClient(env.MESH_URL).stopTraffic(ns, 'podinfo').catch(() => undefined);
      if (operator) await kubectlRun(['-n', ns, 'delete', 'canaries', '--all', '--timeout=30s']);
      await operator?.stop();
      await kubectlRun(['delete', 'namespace', ns, '--wait=false']);
    }
    await stopAll();
    if (bedUp) await release(process.pid);
    else await abortUp().catch(() => undefined);
  })();
  return cleaning;
}

process.once('SIGINT', () => {
  void cleanup().then(() => process.exit(130));
});

async function main(): Promise<Outcome[]> {
  const started = Date.now();
  header('1/6', 'test bed: etcd, kube-apiserver, kwok, Istio CRDs, Prometheus, mesh simulator');
  // Registered as a user: `release` stops the bed at the end only if the demo started it.
  const bed = await up({ owner: 'vitest', user: process.pid });
  bedUp = true;
  env = bed.env;
  process.env['KUBECONFIG'] = env.KUBECONFIG;
  say(bed.reused ? 'reusing the running bed' : `bed up in ${Math.round((Date.now() - started) / 1000)} s`);
  await kubectl(['apply', '--server-side', '--force-conflicts', '-f', 'crds/']);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', '-f', 'crds/']);

  header('2/6', `operator (fledge run -n ${ns}) and examples/`);
  const dir = mkdtempSync(join(tmpdir(), 'fledge-demo-'));
  operator = startOperator({
    namespace: ns,
    kubeconfig: env.KUBECONFIG,
    prometheusUrl: env.PROMETHEUS_URL,
    dir,
  });
  say(`operator logs: ${operator.logFile}`);
  if ((await kubectlRun(['get', 'namespace', ns])).code === 0) {
    say(`namespace ${ns} exists: deleting it first`);
    await kubectlRun(['-n', ns, 'delete', 'canaries', '--all', '--timeout=60s']);
    await kubectl(['delete', 'namespace', ns, '--timeout=120s']);
  }
  await kubectl(['create', 'namespace', ns]);
  const docs = parseAllDocuments(readFileSync(join(repo, 'examples/canary/podinfo.yaml'), 'utf8'));
  const objects = docs.map((d) => d.toJS() as Record<string, unknown>).map((o) => demoCanary(o));
  say('examples/canary/podinfo.yaml, with the analysis sped up for the demo (interval 5s, windows 15s)');
  await kubectl(['-n', ns, 'apply', '-f', '-'], { input: objects.map((o) => JSON.stringify(o)).join('\n') });
  await kubectl(['-n', ns, 'apply', '-f', 'examples/flags/new-checkout.yaml']);
  await waitFor(ns, 'Initialized', 90_000);
  say('canary podinfo: Initialized (podinfo-primary serves 100 %, podinfo scaled to 0)');
  await kubectl(['-n', ns, 'wait', '--for=condition=Ready', 'ff/new-checkout', '--timeout=60s']);
  say('feature flag new-checkout: Ready, published in ConfigMap fledge-flags-default');

  const mesh = new MeshClient(env.MESH_URL);
  await mesh.setTraffic(ns, 'podinfo', { rps: 100 });
  await mesh.setWorkload(ns, 'podinfo', { errorRate: 0 });
  const outcomes: Outcome[] = [];

  header('3/6', 'a healthy release: podinfo 6.7.0 → 6.7.1, 100 rps, no errors');
  outcomes.push(await runRelease(ns, '6.7.1', 'Succeeded'));

  header('4/6', 'a faulty release: 6.7.2 answers 30 % of requests with 500');
  await mesh.setWorkload(ns, 'podinfo', { errorRate: 0.3 });
  outcomes.push(await runRelease(ns, '6.7.2', 'Failed'));
  await mesh.setWorkload(ns, 'podinfo', { errorRate: 0 });

  header('5/6', 'a feature flag, seen by a workload process through the SDK');
  outcomes.push(...(await flipFlag(env.KUBECONFIG)));
  return outcomes;
}

async function runRelease(namespace: string, tag: string, expected: string): Promise<Outcome> {
  const t0 = Date.now();
  await kubectl([
    '-n',
    namespace,
    'set',
    'image',
    'deploy/podinfo',
    `podinfod=ghcr.io/stefanprodan/podinfo:${tag}`,
  ]);
  await waitFor(namespace, 'Progressing', 30_000);
  say(`fledge watch canary podinfo -n ${namespace}`);
  await fledge(['watch', 'canary', 'podinfo', '-n', namespace, '--timeout', '4m'], env!.KUBECONFIG);
  const status = JSON.parse(
    await kubectl(['-n', namespace, 'get', 'canary', 'podinfo', '-o', 'jsonpath={.status}']),
  ) as { phase?: string; conditions?: { type: string; message?: string }[] };
  const promoted = status.conditions?.find((c) => c.type === 'Promoted')?.message ?? '';
  return {
    what: `release ${tag}`,
    ok: status.phase === expected,
    detail: `${status.phase ?? '?'} after ${Math.round((Date.now() - t0) / 1000)} s (expected ${expected})${promoted ? `: ${promoted}` : ''}`,
  };
}

async function flipFlag(kubeconfig: string): Promise<Outcome[]> {
  const workload = startWorkload({
    namespace: ns,
    configMap: 'fledge-flags-default',
    flag: 'new-checkout',
    kubeconfig,
    print: (l) =>
      say(
        `  workload sees: ${Object.entries(l.answers)
          .map(([who, a]) => `${who} → ${a}`)
          .join(', ')}`,
      ),
  });
  await workload.next(() => true, 30_000);
  const flip = async (verb: 'disable' | 'enable', seen: (a: string[]) => boolean): Promise<Outcome> => {
    say(`fledge flags ${verb} new-checkout -n ${ns}`);
    const next = workload.next((l) => seen(Object.values(l.answers)), 15_000);
    const { printedAt } = await fledge(['flags', verb, 'new-checkout', '-n', ns], kubeconfig);
    const line = await next.catch((err: Error) => err);
    if (line instanceof Error) return { what: `flag ${verb}d`, ok: false, detail: line.message };
    // The CLI prints once its patch is accepted; the workload may be faster than that print.
    const lag = printedAt === undefined ? undefined : line.at - printedAt;
    const detail =
      lag === undefined || lag <= 0
        ? 'seen by the workload before the command had printed its result'
        : `seen by the workload ${lag} ms after the command printed its result`;
    return { what: `flag ${verb}d`, ok: true, detail };
  };
  const outcomes = [
    await flip('disable', (a) => a.every((x) => x.includes('DISABLED'))),
    await flip('enable', (a) => a[0]?.startsWith('true') === true),
  ];
  await workload.stop();
  return outcomes;
}

let code = 0;
let failure: unknown;
try {
  const outcomes = await main();
  header('6/6', 'summary');
  for (const o of outcomes) say(`${o.ok ? '✔' : '✘'} ${o.what}: ${o.detail}`);
  code = outcomes.every((o) => o.ok) ? 0 : 1;
  say(`
Keep poking (in another shell):
  export KUBECONFIG=${env?.KUBECONFIG ?? ''}
  kubectl -n ${ns} get canaries,featureflags
  kubectl -n ${ns} get virtualservice podinfo -o yaml
  npx tsx src/cli/main.ts status -n ${ns}
  npx tsx src/cli/main.ts flags eval new-checkout -n ${ns} --context '{"email":"ana@company.com"}'
`);
  if (!opts['no-wait']) {
    say(
      'The operator keeps running. Ctrl-C stops it, deletes the namespace and stops the bed if the demo started it.',
    );
    await new Promise<never>(() => undefined);
  }
} catch (err) {
  failure = err;
  code = 1;
}
await cleanup();
if (failure !== undefined) {
  // After the clean-up's lines, so the last line a person sees says what broke and what to do.
  const { detail, summary } = describeBedFailure(failure);
  if (detail.trim()) process.stderr.write(`${detail.trimEnd()}\n`);
  if (operator) process.stderr.write(`operator logs: ${operator.logFile}\n`);
  process.stderr.write(`demo failed: ${summary}\n`);
}
process.exit(code);
