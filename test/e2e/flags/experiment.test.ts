/**
 * Issue 8, "Done when" 4: experiment results computed by Fledge from the
 * SDK's exposure and conversion counters, as the bed's Prometheus scrapes
 * them from simulated workloads (one per flag, 20 000 users each, a seeded
 * generator so the counts are the same every run):
 * - a real 20 % lift (10 % → 12 %) is reported significant;
 * - an A/A test (both 10 %) reports nothing significant;
 * - exposures lost for one arm (broken exposure logging) fire the SRM check.
 * `fledge flags results` prints the same.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeTargets } from '../../support/targets.js';
import { eventsWithReason, flagOf, startGuardBed, type GuardBed } from './guard-support.js';
import { eventually, repo } from './support.js';

const USERS = 20_000;

interface Results {
  method: string;
  control?: string;
  variants: {
    variant: string;
    exposures: number;
    events?: {
      event: string;
      conversions: number;
      rate?: number;
      lift?: number;
      pValue?: number;
      significant?: boolean;
    }[];
  }[];
  sampleRatioMismatch?: { pValue: number; mismatch: boolean };
}

function experimentFlag(name: string): object {
  return {
    apiVersion: 'fledge.dev/v1alpha1',
    kind: 'FeatureFlag',
    metadata: { name },
    spec: {
      type: 'experiment',
      variants: { control: 'blue', green: 'green' },
      defaultVariant: 'control',
      distribution: [
        { variant: 'control', weight: 50 },
        { variant: 'green', weight: 50 },
      ],
    },
  };
}

describeTargets('flag experiment results', (target) => {
  if (target.name !== 'local') {
    it.skip(`${target.name}: needs the local bed (its Prometheus scrapes a workload on this machine)`, () => {});
    return;
  }
  let bed: GuardBed | undefined;

  beforeAll(async () => {
    bed = await startGuardBed(target, 'experiment-e2e');
  }, 180_000);
  afterAll(async () => {
    await bed?.stop();
  });

  /** Runs USERS users through the flag once each; resolves with the results once they cover them all. */
  async function run(
    name: string,
    conversions: Record<string, Record<string, number>>,
    dropExposures?: Record<string, number>,
  ): Promise<Results> {
    const b = bed!;
    const w = await b.workload(name, 'blue');
    await b.apply(experimentFlag(name));
    await eventually(
      async () => (await w.ready()).flags.includes(name),
      20_000,
      `${name} to reach the workload`,
    );
    await w.traffic({
      perSecond: 0,
      users: USERS,
      expose: true,
      conversions,
      ...(dropExposures ? { dropExposures } : {}),
    });
    await w.burst(USERS);
    let last: Results | undefined;
    return eventually(
      async () => {
        const r = (await flagOf(b, name))?.status?.experiment as Results | undefined;
        last = r;
        const conv = r?.variants.reduce((n, v) => n + (v.events?.[0]?.conversions ?? 0), 0) ?? 0;
        const exposed = r?.variants.reduce((n, v) => n + v.exposures, 0) ?? 0;
        // Complete once every exposure and conversion was scraped.
        return exposed >= USERS * (dropExposures ? 0.9 : 1) - 1 && conv > 0 && exposed > 0 ? r : undefined;
      },
      45_000,
      `results of ${name} covering ${USERS} users`,
      500,
    ).catch((err: unknown) => {
      throw new Error(
        `${String(err)}; last results: ${JSON.stringify(last)}; workload: ${w.log}\noperator: ${b.op.output().slice(-6000)}`,
      );
    });
  }

  it('reports a real 20 % lift as significant, an A/A test as not, and a skewed assignment as SRM', async () => {
    const [lift, aa, skewed] = await Promise.all([
      run('lift', { control: { purchase: 0.1 }, green: { purchase: 0.12 } }),
      run('aa', { control: { purchase: 0.1 }, green: { purchase: 0.1 } }),
      run('skewed', { control: { purchase: 0.1 }, green: { purchase: 0.1 } }, { green: 0.1 }),
    ]);

    expect(lift.method).toContain('two-proportion z-test');
    expect(lift.control).toBe('control');
    expect(lift.variants.reduce((n, v) => n + v.exposures, 0)).toBe(USERS);
    const green = lift.variants.find((v) => v.variant === 'green')!.events![0]!;
    const control = lift.variants.find((v) => v.variant === 'control')!.events![0]!;
    expect(control.rate!).toBeGreaterThan(0.09);
    expect(control.rate!).toBeLessThan(0.11);
    expect(green.lift!).toBeGreaterThan(0.1);
    expect(green.lift!).toBeLessThan(0.3);
    expect(green).toMatchObject({ event: 'purchase', significant: true });
    expect(green.pValue!).toBeLessThan(0.01);
    expect(lift.sampleRatioMismatch?.mismatch).toBe(false);

    const aaGreen = aa.variants.find((v) => v.variant === 'green')!.events![0]!;
    expect(aaGreen.significant).toBe(false);
    expect(aa.sampleRatioMismatch?.mismatch).toBe(false);

    expect(skewed.sampleRatioMismatch?.mismatch).toBe(true);
    expect(skewed.sampleRatioMismatch!.pValue).toBeLessThan(0.001);
    const srmEvents = await eventsWithReason(bed!, 'SampleRatioMismatch');
    expect(srmEvents.map((e) => e.message ?? e.note).join('\n')).toContain('skewed');

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'flags', 'results', 'lift', '-n', bed!.ns],
      { cwd: repo, env: { ...process.env, KUBECONFIG: target.kubeconfig } },
    );
    expect(stdout).toMatch(/green\s+\d+\s+purchase\s+\d+\s+[\d.]+%.*\+[\d.]+%.*yes/);
    expect(stdout).toContain('Sample ratio:  ok');
  }, 180_000); // three experiments side by side; generous for a loaded box
});
