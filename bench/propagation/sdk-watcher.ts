/**
 * The workload side of the propagation benchmark: a separate Node process
 * that reads flag sets with the SDK's ConfigMap API source (one client per
 * set, as an application using several sets would) and prints one JSON line
 * per changed flag, `{ flag, value, at }`, the moment the new config is in
 * use. `at` is the wall clock, which the benchmark compares with the time it
 * sent the update (same machine, same clock).
 *
 * Usage: KUBECONFIG=… node --import tsx sdk-watcher.ts <namespace> <configmap>…
 */
import { configMapSource, createClient } from '../../src/sdk/index.js';

const [namespace, ...names] = process.argv.slice(2);
if (!namespace || names.length === 0) {
  process.stderr.write('usage: sdk-watcher.ts <namespace> <configmap>…\n');
  process.exit(2);
}

const clients = names.map((name) => {
  const client = createClient({ source: configMapSource({ namespace, name }), metrics: false });
  client.on('change', ({ flagsChanged }) => {
    const at = Date.now();
    // Evaluated after `at`: the value is what a request would get from now on.
    const lines = flagsChanged.map((flag) =>
      JSON.stringify({ flag, value: client.booleanValue(flag, false), at }),
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  });
  client.on('error', (err) => process.stderr.write(`sdk ${name}: ${err.message}\n`));
  return client;
});

await Promise.all(clients.map((c) => c.ready()));
process.stdout.write(
  `${JSON.stringify({ ready: true, flags: clients.reduce((n, c) => n + c.flagKeys().length, 0) })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void Promise.all(clients.map((c) => c.close())).then(() => process.exit(0));
});
