import { describe, expect, it } from 'vitest';
import { quantile } from '../../../bench/lib/bed.js';
import { summarise } from '../../../bench/propagation/report.js';
import { weightsOf } from '../../../bench/reaction/scenario.js';
import { metricSum } from '../../../bench/scale/measure.js';
import { render } from '../../../bench/scale/report.js';

const layout = { name: 'l', sets: 1, flagsPerSet: 10 };

describe('quantile', () => {
  it('is nearest-rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(xs, 0.5)).toBe(50);
    expect(quantile(xs, 0.99)).toBe(99);
    expect(quantile(xs, 1)).toBe(100);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('propagation summarise', () => {
  const base = { layout, flags: 10, createAndPublishMs: 1, timeouts: 0 };
  it('meets the targets only when both p99s are under them', () => {
    expect(summarise({ ...base, cmMs: [10, 20], sdkMs: [30, 40] }, 200, 500).met).toBe(true);
    expect(summarise({ ...base, cmMs: [10, 250], sdkMs: [30, 40] }, 200, 500).met).toBe(false);
    expect(summarise({ ...base, cmMs: [10, 20], sdkMs: [30, 600] }, 200, 500).met).toBe(false);
  });
  it('a timeout is a miss and counts as an update', () => {
    const s = summarise({ ...base, cmMs: [10], sdkMs: [10], timeouts: 1 }, 200, 500);
    expect(s.met).toBe(false);
    expect(s.updates).toBe(2);
  });
});

describe('weightsOf', () => {
  it('reads primary and canary weights by host suffix, short or fully qualified', () => {
    expect(
      weightsOf([
        { destination: { host: 'app-primary' }, weight: 90 },
        { destination: { host: 'app-canary.ns.svc.cluster.local' }, weight: 10 },
      ]),
    ).toEqual([90, 10]);
    expect(weightsOf(undefined)).toEqual([0, 0]);
  });
});

describe('metricSum', () => {
  it('sums every label set of one metric and no other metric', () => {
    const text = [
      '# HELP fledge_workqueue_depth x',
      'fledge_workqueue_depth{name="canary"} 2',
      'fledge_workqueue_depth{name="flags"} 3',
      'fledge_workqueue_depth_other 7',
      'fledge_workqueue_adds_total{name="canary"} 5',
    ].join('\n');
    expect(metricSum(text, 'fledge_workqueue_depth')).toBe(5);
    expect(metricSum(text, 'fledge_workqueue_adds_total')).toBe(5);
  });
});

describe('scale report', () => {
  const point = (canaries: number, rss: number) => ({
    point: { namespaces: 1, canaries, flags: canaries * 5 },
    firstSyncMs: 1000,
    rssMiB: rss,
    idleCpuPercent: 1,
    requestsPerMin: 0,
    idleRequestsPerMinByTarget: [],
    readyMs: 500,
    drainMs: 1000,
    rssAfterRestartMiB: rss,
  });
  const opts = {
    quick: false,
    command: 'c',
    started: new Date(0),
    machine: { cpu: 'x', cores: 2, memoryGiB: 1, loadAverage: [0, 0, 0], node: 'v20', platform: 'linux' },
    idleMs: 60_000,
    settleMs: 60_000,
    versions: [],
    targets: { rssMiB: 300, drainS: 30, idleCpuPercent: 5 },
  };
  it('extrapolates each figure along a straight line to 2,000/10,000', () => {
    // 100 MiB + 0.05 MiB per object: 12,000 objects → 700 MiB, over the target.
    const md = render([point(100, 130), point(200, 160)], opts);
    expect(md).toContain('| RSS at steady state | 160 MiB | < 300 MiB | met | 700 MiB | NOT met |');
  });
  it('does not extrapolate from one point', () => {
    expect(render([point(100, 130)], opts)).toContain(
      '| RSS at steady state | 130 MiB | < 300 MiB | met | – | – |',
    );
  });
});
