/**
 * A simulated workload, as a separate Node process: serves requests for a
 * pool of users, evaluates one flag per request with Fledge's SDK (through
 * the ConfigMap API source), records the evaluation, and, per variant,
 * errors, latency, exposures and conversions with the probabilities the test
 * sets. Its prom-client registry is served on /metrics for the bed's
 * Prometheus to scrape, exactly as an application's would be.
 *
 * It also watches its own assignments: on every config change it records
 * which users of a fixed pool get the watched variant, so the test can check
 * that users keep their bucket as a rollout grows.
 *
 * Protocol: first stdout line `{"metricsUrl": …}`; then one JSON command per
 * stdin line, one JSON answer per stdout line (`{ id, … }`).
 *
 * Usage: KUBECONFIG=… node --import tsx workload.ts <namespace> <configmap> <flag> [default-json]
 * (the default value, `false` unless given, sets the flag's expected type).
 */
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Registry } from 'prom-client';
import { configMapSource, createClient, FlagRequestTracking } from '../../../src/sdk/index.js';
import type { FlagValue } from '../../../src/sdk/index.js';

const [namespace, name, flag, defaultJson] = process.argv.slice(2);
if (!namespace || !name || !flag) {
  process.stderr.write('usage: workload.ts <namespace> <configmap> <flag>\n');
  process.exit(2);
}

const dflt = JSON.parse(defaultJson ?? 'false') as FlagValue;
const registry = new Registry();
const client = createClient({ source: configMapSource({ namespace, name }), metrics: { registry } });
const requests = new FlagRequestTracking({ registry });
// Assignments are watched through a second, untracked client: its evaluations must not count as traffic.
const observer = createClient({ source: configMapSource({ namespace, name }), metrics: false });

export interface TrafficConfig {
  /** Requests per second. */
  perSecond: number;
  /** Users requests are spread over (`user-0` … `user-N-1`). */
  users: number;
  /** Probability that a request served with a variant fails. */
  errors?: Record<string, number>;
  latencyMs?: Record<string, number>;
  /** Count an exposure for every request. */
  expose?: boolean;
  /** Probability, per variant, that an exposure is lost (broken exposure logging: an SRM). */
  dropExposures?: Record<string, number>;
  /** Probability, per variant, that a user converts (once per request, event name → p). */
  conversions?: Record<string, Record<string, number>>;
  /** Once the watched variant's share of the pool reaches `share`, its error rate becomes `rate`. */
  errorsFrom?: { share: number; rate: number };
}

interface Snapshot {
  at: number;
  share: number;
  /** Indices in the pool of the users served the watched variant. */
  users: number[];
}

const POOL = 2000;
let traffic: TrafficConfig = { perSecond: 0, users: 1 };
let watched: string | undefined;
const snapshots: Snapshot[] = [];

// mulberry32: a seeded generator, so runs are reproducible.
let seed = 0x9e3779b9;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function variantOf(user: string): string {
  return String(observer.evaluate(flag!, dflt, { targetingKey: user }).variant ?? '');
}

function snapshot(): void {
  if (watched === undefined) return;
  const users: number[] = [];
  for (let i = 0; i < POOL; i++) if (variantOf(`pool-${i}`) === watched) users.push(i);
  const share = users.length / POOL;
  snapshots.push({ at: Date.now(), share, users });
  if (traffic.errorsFrom && share >= traffic.errorsFrom.share)
    traffic = { ...traffic, errors: { ...traffic.errors, [watched]: traffic.errorsFrom.rate } };
}

let next = 0;
function serve(): void {
  const user = `user-${next++ % Math.max(1, traffic.users)}`;
  const d = client.evaluate(flag!, dflt, { targetingKey: user });
  const variant = String(d.variant ?? '');
  if (traffic.expose && random() >= (traffic.dropExposures?.[variant] ?? 0)) client.expose(flag!, variant);
  if (random() < (traffic.errors?.[variant] ?? 0)) requests.error(flag!, variant);
  requests.duration(flag!, variant, (traffic.latencyMs?.[variant] ?? 5) / 1000);
  for (const [event, p] of Object.entries(traffic.conversions?.[variant] ?? {}))
    if (random() < p) client.track(flag!, event, { targetingKey: user }, variant);
}

const TICK_MS = 50;
let owed = 0;
setInterval(() => {
  owed += (traffic.perSecond * TICK_MS) / 1000;
  for (; owed >= 1; owed--) serve();
}, TICK_MS).unref();

observer.on('change', snapshot);
observer.on('error', (err) => process.stderr.write(`sdk (observer): ${err.message}\n`));
client.on('error', (err) => process.stderr.write(`sdk: ${err.message}\n`));

type Command =
  | { id: number; cmd: 'ready' }
  | { id: number; cmd: 'traffic'; traffic: TrafficConfig }
  | { id: number; cmd: 'watch'; variant: string }
  | { id: number; cmd: 'snapshots' }
  | { id: number; cmd: 'burst'; requests: number };

const reply = (msg: object): void => void process.stdout.write(`${JSON.stringify(msg)}\n`);

async function handle(c: Command): Promise<void> {
  switch (c.cmd) {
    case 'ready':
      await Promise.all([client.ready(), observer.ready()]);
      return reply({ id: c.id, flags: client.flagKeys() });
    case 'traffic':
      traffic = c.traffic;
      return reply({ id: c.id });
    case 'watch':
      watched = c.variant;
      snapshot();
      return reply({ id: c.id });
    case 'snapshots':
      return reply({ id: c.id, snapshots });
    case 'burst':
      // Serves a number of requests at once (an experiment's sample, without waiting on the clock).
      for (let i = 0; i < c.requests; i++) serve();
      return reply({ id: c.id });
  }
}

const server = createServer((req, res) => {
  if (req.url !== '/metrics') {
    res.writeHead(404).end();
    return;
  }
  registry.metrics().then(
    (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
    (err: unknown) => res.writeHead(500).end(String(err)),
  );
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  reply({ metricsUrl: `http://127.0.0.1:${port}` });
});

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const c = JSON.parse(line) as Command;
  handle(c).catch((err: unknown) => reply({ id: c.id, error: String(err) }));
});
lines.on('close', () => process.exit(0));
