import { createClient, memorySource } from '../../../src/sdk/index.js';
import type { FledgeClient } from '../../../src/sdk/index.js';
import { FLAG_KEY, SET_KEYS, SET_SIZE, flagdConfig } from '../shapes.js';
import type { Peer } from './types.js';

let client: FledgeClient | undefined;

export const fledgePeer: Peer = {
  name: 'Fledge SDK',
  async prepare(shape, users) {
    if (!client) {
      client = createClient({ source: memorySource(flagdConfig()), metrics: false });
      await client.ready();
    }
    const c = client;
    const n = users.length;
    if (shape === 'set-1000')
      return (i) => c.booleanValue(SET_KEYS[i % SET_SIZE] as string, false, users[i % n]);
    if (shape === 'experiment-3') return (i) => c.stringValue(FLAG_KEY[shape], 'control', users[i % n]);
    const key = FLAG_KEY[shape];
    return (i) => c.booleanValue(key, false, users[i % n]);
  },
  async close() {
    await client?.close();
    client = undefined;
  },
};
