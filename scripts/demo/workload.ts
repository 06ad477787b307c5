/**
 * The demo's "workload": a separate Node process that evaluates a flag with
 * Fledge's SDK through the ConfigMap API source, as an application would, and
 * prints one JSON line each time the answers change (and once at start).
 *
 * Usage: KUBECONFIG=… node --import tsx scripts/demo/workload.ts NAMESPACE CONFIGMAP FLAG
 */
import { configMapSource, createClient, type EvaluationContext } from '../../src/sdk/index.js';

const [namespace, configMap, flag] = process.argv.slice(2);
if (!namespace || !configMap || !flag) {
  process.stderr.write('usage: workload.ts NAMESPACE CONFIGMAP FLAG\n');
  process.exit(2);
}

/** Who the workload asks about: one member of staff, one premium customer, one regular user. */
const users: Record<string, EvaluationContext> = {
  'ana@company.com': { targetingKey: 'user-1', email: 'ana@company.com' },
  'premium user-2': { targetingKey: 'user-2', plan: 'premium' },
  'regular user-3': { targetingKey: 'user-3', plan: 'free' },
};

const client = createClient({ source: configMapSource({ namespace, name: configMap }), metrics: false });
client.on('error', (err: Error) => process.stderr.write(`workload: ${err.message}\n`));

let last = '';
function report(): void {
  const answers = Object.fromEntries(
    Object.entries(users).map(([who, ctx]) => {
      const d = client.evaluate(flag!, false, ctx);
      return [who, `${String(d.value)} (${d.reason})`];
    }),
  );
  const line = JSON.stringify(answers);
  if (line === last) return;
  last = line;
  process.stdout.write(`${JSON.stringify({ at: Date.now(), flag, answers })}\n`);
}

await client.ready();
report();
client.on('change', report);
process.on('SIGTERM', () => process.exit(0));
