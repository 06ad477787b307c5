/** examples/canary/podinfo.yaml works as written: applied unchanged, it initializes. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../../support/kubectl.js';
import {
  bed,
  condition,
  createNamespace,
  teardown,
  phaseIs,
  repo,
  replicas,
  startFledge,
  until,
  vsWeights,
  type Fledge,
} from './support.js';

bed();
let ns: string;
let fledge: Fledge;

beforeAll(async () => {
  ns = await createNamespace('canary-example');
  fledge = startFledge(ns);
});

afterAll(async () => {
  await teardown(ns, fledge);
});

describe('examples/canary/podinfo.yaml', () => {
  it('applies unchanged and reaches Initialized', async () => {
    await kubectl(['apply', '-n', ns, '-f', join(repo, 'examples/canary/podinfo.yaml')]);
    const c = await until(() => phaseIs(ns, 'podinfo', 'Initialized'), 60_000, 'Initialized');
    expect(condition(c, 'Ready')?.status, fledge.story()).toBe('True');
    expect(await vsWeights(ns, 'podinfo')).toEqual([100, 0]);
    expect(await replicas(ns, 'podinfo')).toBe(0);
    expect(await replicas(ns, 'podinfo-primary')).toBe(2);
  });
});
