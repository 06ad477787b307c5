/**
 * The mesh simulator process, started by the test bed:
 *   node --import tsx test/support/mesh/main.ts --kubeconfig <path> [--port 0] [--seed N]
 * Prints exactly one stdout line `MESH_READY http://127.0.0.1:<port>` once it
 * serves; logs go to stderr.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { KubeCache } from './kube-cache.js';
import { MeshMetrics } from './metrics.js';
import { createRng, randomSeed } from './prng.js';
import { createMeshServer, listen } from './server.js';
import { Simulator } from './simulator.js';

const SYNC_TIMEOUT_MS = 5000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      port: { type: 'string', default: '0' },
      seed: { type: 'string' },
      'tick-ms': { type: 'string', default: '100' },
    },
  });
  const log = pino(
    { name: 'mesh-simulator', level: process.env['LOG_LEVEL'] ?? 'info' },
    pino.destination(2),
  );
  const kubeconfig = values.kubeconfig ?? process.env['KUBECONFIG'];
  if (!kubeconfig) throw new Error('mesh simulator: --kubeconfig (or KUBECONFIG) is required');
  const port = Number(values.port);
  const tickMs = Number(values['tick-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`mesh simulator: bad --port ${values.port}`);
  if (!(tickMs >= 10 && tickMs <= 1000)) throw new Error(`mesh simulator: --tick-ms must be 10..1000`);
  const seed = values.seed !== undefined ? Number(values.seed) : randomSeed();
  if (!Number.isInteger(seed))
    throw new Error(`mesh simulator: --seed must be an integer, not ${values.seed}`);

  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const cache = new KubeCache(kc, log);
  cache.start();
  let synced = await cache.waitForSync(SYNC_TIMEOUT_MS);
  if (!synced) {
    log.warn('caches not synced yet; serving anyway');
    void cache.whenSynced().then(() => {
      synced = true;
      log.info('caches synced');
    });
  }

  const metrics = new MeshMetrics();
  const simulator = new Simulator(cache, metrics, createRng(seed), log);
  const server = createMeshServer({ simulator, registry: metrics.registry, log, synced: () => synced });
  const actual = await listen(server, port);
  simulator.start(tickMs);
  log.info({ port: actual, seed, tickMs }, 'mesh simulator ready');
  process.stdout.write(`MESH_READY http://127.0.0.1:${actual}\n`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    simulator.stop();
    server.closeAllConnections();
    const force = setTimeout(() => process.exit(1), 5000).unref();
    Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), cache.stop()])
      .then(() => {
        clearTimeout(force);
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
