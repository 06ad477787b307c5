import { describe, expect, it } from 'vitest';
import { QUICK, runFlagEval } from '../../../bench/flag-eval/index.js';
import { PEERS } from '../../../bench/flag-eval/run-cases.js';
import { SHAPES } from '../../../bench/flag-eval/shapes.js';

// Runs benchmark 1 in quick mode: checks that it runs and that Fledge agrees
// with flagd-core, never how fast anything is.
describe('flag-evaluation benchmark (quick)', () => {
  it('measures every peer on every shape and Fledge agrees with flagd-core', async () => {
    const run = await runFlagEval({ quick: true, command: 'test' });
    for (const peer of PEERS) {
      for (const shape of SHAPES) {
        const c = run.cases.find((x) => x.peer === peer.name && x.shape === shape);
        expect(c?.result, `${peer.name} / ${shape}`).toBeDefined();
        expect(c?.result?.opsPerSec).toBeGreaterThan(0);
      }
    }
    expect(run.agreement.map((a) => a.shape)).toEqual([...SHAPES]);
    for (const a of run.agreement) {
      expect(a.checked).toBeGreaterThanOrEqual(1000);
      expect(a.mismatches, a.shape).toBe(0);
      const expected = a.shape === 'boolean' ? 1 : a.shape === 'experiment-3' ? 3 : 2;
      expect(a.distinct, a.shape).toBe(expected);
    }
    expect(run.markdown).toContain('## Targets');
    expect(QUICK.iterations).toBeLessThan(10_000);
  }, 60_000);
});
