import { init, integrations } from '@launchdarkly/node-server-sdk';
import type { LDClient } from '@launchdarkly/node-server-sdk';
import { FLAG_KEY, LISTED_KEYS, PLANS, SET_KEYS, SET_SIZE } from '../shapes.js';
import type { Peer } from './types.js';

const onOff = { on: true, offVariation: 1, variations: [true, false], version: 1 };
const attrRule = {
  id: 'company-premium',
  variation: 0,
  clauses: [
    { attribute: 'email', op: 'endsWith', values: ['@company.com'], negate: false },
    { attribute: 'plan', op: 'in', values: PLANS, negate: false },
  ],
};
const split = (weights: number[]): unknown => ({
  rollout: { variations: weights.map((weight, variation) => ({ variation, weight })) },
});

function flags(): Record<string, unknown>[] {
  const f: Record<string, unknown>[] = [
    { key: 'bool-flag', ...onOff, fallthrough: { variation: 0 } },
    { key: 'attr-flag', ...onOff, rules: [attrRule], fallthrough: { variation: 1 } },
    {
      key: 'list-flag',
      ...onOff,
      targets: [{ values: LISTED_KEYS, variation: 0 }],
      fallthrough: { variation: 1 },
    },
    { key: 'rollout-flag', ...onOff, fallthrough: split([10_000, 90_000]) },
    {
      key: 'experiment-flag',
      on: true,
      offVariation: 0,
      version: 1,
      variations: ['control', 'a', 'b'],
      fallthrough: split([50_000, 25_000, 25_000]),
    },
  ];
  for (const key of SET_KEYS) f.push({ key, ...onOff, rules: [attrRule], fallthrough: { variation: 1 } });
  return f;
}

let client: LDClient | undefined;

/** Offline through the TestData source (raw flag JSON), events and diagnostics off: no network. */
export const launchDarklyPeer: Peer = {
  name: 'LaunchDarkly',
  pkg: '@launchdarkly/node-server-sdk',
  async: true,
  notes:
    '`variation()` only returns a Promise (no synchronous API), so each evaluation is awaited; flags are raw LD flag JSON via TestData.usePreconfiguredFlag',
  async prepare(shape, users) {
    if (!client) {
      const td = new integrations.TestData();
      for (const flag of flags()) void td.usePreconfiguredFlag(flag);
      const c = init('sdk-bench-offline', {
        updateProcessor: td.getFactory(),
        sendEvents: false,
        diagnosticOptOut: true,
        baseUri: 'http://127.0.0.1:1',
        streamUri: 'http://127.0.0.1:1',
        eventsUri: 'http://127.0.0.1:1',
        logger: { error() {}, warn() {}, info() {}, debug() {} },
      });
      await c.waitForInitialization({ timeout: 5 });
      client = c;
    }
    const c = client;
    const ctxs = users.map((u) => ({ kind: 'user', key: u.targetingKey, email: u.email, plan: u.plan }));
    const n = ctxs.length;
    if (shape === 'set-1000')
      return (i) => c.variation(SET_KEYS[i % SET_SIZE] as string, ctxs[i % n]!, false);
    if (shape === 'experiment-3') return (i) => c.variation(FLAG_KEY[shape], ctxs[i % n]!, 'control');
    const key = FLAG_KEY[shape];
    return (i) => c.variation(key, ctxs[i % n]!, false);
  },
  close() {
    client?.close();
    client = undefined;
    return Promise.resolve();
  },
};
