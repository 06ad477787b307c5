import { LISTED_KEYS, SET_SIZE } from '../shapes.js';
import type { Peer } from './types.js';

/**
 * The floor: what a hand-written `if` costs. Buckets use a cheap string hash,
 * not flagd's murmur3, so its rollout answers differ from the others.
 */
export const plainJsPeer: Peer = {
  name: 'plain JS if',
  notes: 'hand-written conditions; rollout/experiment use a djb2 hash, not murmur3; set-1000 is a Map lookup',
  prepare(shape, users) {
    const n = users.length;
    const listed = new Set(LISTED_KEYS);
    const attr = (u: { email: string; plan: string }): boolean =>
      u.email.endsWith('@company.com') && (u.plan === 'premium' || u.plan === 'enterprise');
    const bucket = (s: string): number => {
      let h = 5381;
      for (let k = 0; k < s.length; k++) h = ((h << 5) + h + s.charCodeAt(k)) | 0;
      return (h >>> 0) % 100;
    };
    switch (shape) {
      case 'boolean':
        return () => true;
      case 'attributes':
        return (i) => attr(users[i % n]!);
      case 'user-list':
        return (i) => listed.has(users[i % n]!.targetingKey);
      case 'rollout-10':
        return (i) => bucket(`rollout-flag${users[i % n]!.targetingKey}`) < 10;
      case 'experiment-3':
        return (i) => {
          const b = bucket(`experiment-flag${users[i % n]!.targetingKey}`);
          return b < 50 ? 'control' : b < 75 ? 'a' : 'b';
        };
      case 'set-1000': {
        const rules = new Map<string, typeof attr>();
        for (let k = 0; k < SET_SIZE; k++) rules.set(`set-flag-${k}`, attr);
        const keys = [...rules.keys()];
        return (i) => rules.get(keys[i % SET_SIZE]!)!(users[i % n]!);
      }
    }
  },
};
