import { FlagdCore } from '@openfeature/flagd-core';
import { FLAG_KEY, SET_KEYS, SET_SIZE, flagdConfig } from '../shapes.js';
import type { Peer } from './types.js';

let core: FlagdCore | undefined;

/** The reference: flagd's own in-process evaluator, loading the same JSON. */
export const flagdCorePeer: Peer = {
  name: 'flagd-core',
  pkg: '@openfeature/flagd-core',
  prepare(shape, users) {
    if (!core) {
      core = new FlagdCore();
      core.setConfigurations(JSON.stringify(flagdConfig()));
    }
    const c = core;
    const n = users.length;
    if (shape === 'set-1000')
      return (i) => c.resolveBooleanEvaluation(SET_KEYS[i % SET_SIZE] as string, false, users[i % n]).value;
    if (shape === 'experiment-3')
      return (i) => c.resolveStringEvaluation(FLAG_KEY[shape], 'control', users[i % n]).value;
    const key = FLAG_KEY[shape];
    return (i) => c.resolveBooleanEvaluation(key, false, users[i % n]).value;
  },
};
