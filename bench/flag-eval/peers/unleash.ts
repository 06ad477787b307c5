import { once } from 'node:events';
import { Unleash } from 'unleash-client';
import { FLAG_KEY, LISTED_KEYS, PLANS, SET_KEYS, SET_SIZE } from '../shapes.js';
import type { Peer } from './types.js';

const attrStrategy = {
  name: 'default',
  parameters: {},
  constraints: [
    { contextName: 'email', operator: 'STR_ENDS_WITH', values: ['@company.com'] },
    { contextName: 'plan', operator: 'IN', values: PLANS },
  ],
};

function toggles(): unknown[] {
  const t: unknown[] = [
    { name: 'bool-flag', enabled: true, strategies: [{ name: 'default', parameters: {} }] },
    { name: 'attr-flag', enabled: true, strategies: [attrStrategy] },
    {
      name: 'list-flag',
      enabled: true,
      strategies: [{ name: 'userWithId', parameters: { userIds: LISTED_KEYS.join(',') } }],
    },
    {
      name: 'rollout-flag',
      enabled: true,
      strategies: [
        {
          name: 'flexibleRollout',
          parameters: { rollout: '10', stickiness: 'userId', groupId: 'rollout-flag' },
        },
      ],
    },
    {
      name: 'experiment-flag',
      enabled: true,
      strategies: [{ name: 'default', parameters: {} }],
      variants: [
        { name: 'control', weight: 500, weightType: 'variable', stickiness: 'userId' },
        { name: 'a', weight: 250, weightType: 'variable', stickiness: 'userId' },
        { name: 'b', weight: 250, weightType: 'variable', stickiness: 'userId' },
      ],
    },
  ];
  for (const name of SET_KEYS) t.push({ name, enabled: true, strategies: [attrStrategy] });
  return t;
}

let client: Unleash | undefined;

/**
 * Bootstrapped from toggles in memory. `refreshInterval: 0` makes the polling
 * fetcher return before any request, metrics are off, and the URL points at a
 * closed local port in case anything still tried.
 */
export const unleashPeer: Peer = {
  name: 'Unleash',
  pkg: 'unleash-client',
  notes:
    'user list is the `userWithId` strategy; rollout is `flexibleRollout` 10 % on userId; the experiment is variants 500/250/250 on an enabled toggle (`getVariant`)',
  async prepare(shape, users) {
    if (!client) {
      const c = new Unleash({
        appName: 'fledge-bench',
        url: 'http://127.0.0.1:1/api',
        refreshInterval: 0,
        disableMetrics: true,
        skipInstanceCountWarning: true,
        bootstrap: { data: toggles() as never },
      });
      c.on('error', () => {});
      await Promise.race([once(c, 'ready'), new Promise((r) => setTimeout(r, 2000))]);
      client = c;
    }
    const c = client;
    const ctxs = users.map((u) => ({ userId: u.targetingKey, properties: { email: u.email, plan: u.plan } }));
    const n = ctxs.length;
    if (shape === 'set-1000') return (i) => c.isEnabled(SET_KEYS[i % SET_SIZE] as string, ctxs[i % n]);
    if (shape === 'experiment-3') return (i) => c.getVariant(FLAG_KEY[shape], ctxs[i % n]).name;
    const key = FLAG_KEY[shape];
    return (i) => c.isEnabled(key, ctxs[i % n]);
  },
  close() {
    client?.destroy();
    client = undefined;
    return Promise.resolve();
  },
};
