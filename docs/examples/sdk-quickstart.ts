// docs/examples/sdk-quickstart.ts
import { createClient, memorySource, type FlagdConfig } from '../../src/sdk/index.js';

const flags: FlagdConfig = {
  flags: {
    'new-checkout': {
      state: 'ENABLED',
      variants: { on: true, off: false },
      defaultVariant: 'off',
      targeting: {
        if: [
          { ends_with: [{ var: 'email' }, '@company.com'] },
          'on',
          {
            fractional: [
              ['on', 10],
              ['off', 90],
            ],
          },
        ],
      },
    },
  },
};

const client = createClient({ source: memorySource(flags), metrics: false });
await client.ready();

// Staff always get the new checkout; everyone else is bucketed 10 % / 90 % by targetingKey.
console.log(client.booleanValue('new-checkout', false, { targetingKey: 'u-1', email: 'ann@company.com' }));
const details = client.booleanDetails('new-checkout', false, { targetingKey: 'user-42' });
console.log(details.value, details.variant, details.reason);
console.log(client.booleanDetails('missing-flag', false, {}).errorCode);
await client.close();
