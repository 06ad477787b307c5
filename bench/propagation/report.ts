import { quantile } from '../lib/bed.js';
import type { Layout } from './index.js';

/** What one layout measured: milliseconds from each update to the ConfigMap and to the SDK. */
export interface LayoutResult {
  layout: Layout;
  flags: number;
  createAndPublishMs: number;
  cmMs: number[];
  sdkMs: number[];
  timeouts: number;
}

export interface LayoutSummary {
  layout: string;
  flags: number;
  updates: number;
  createAndPublishMs: number;
  cmP50: number;
  cmP99: number;
  cmMax: number;
  sdkP50: number;
  sdkP99: number;
  sdkMax: number;
  timeouts: number;
  met: boolean;
}

/** Percentiles of one layout and whether it meets both targets (a timeout is a miss). */
export function summarise(r: LayoutResult, cmTargetMs: number, sdkTargetMs: number): LayoutSummary {
  const s = {
    layout: r.layout.name,
    flags: r.flags,
    updates: r.cmMs.length + r.timeouts,
    createAndPublishMs: r.createAndPublishMs,
    cmP50: quantile(r.cmMs, 0.5),
    cmP99: quantile(r.cmMs, 0.99),
    cmMax: quantile(r.cmMs, 1),
    sdkP50: quantile(r.sdkMs, 0.5),
    sdkP99: quantile(r.sdkMs, 0.99),
    sdkMax: quantile(r.sdkMs, 1),
    timeouts: r.timeouts,
  };
  return { ...s, met: s.timeouts === 0 && s.cmP99 < cmTargetMs && s.sdkP99 < sdkTargetMs };
}
