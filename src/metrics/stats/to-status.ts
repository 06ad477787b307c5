/**
 * Maps an experiment analysis onto `FeatureFlag.status.experiment`. The status
 * shape is narrower than the analysis: it has no lift interval, z, raw p-value,
 * or reason, so `pValue` carries the *adjusted* p-value (then `significant` is
 * exactly `pValue < alpha`) and the method string names every method used.
 */
import type { ExperimentResults } from '../../api/feature-flag-status.js';
import type { EventAnalysis, ExperimentAnalysis } from './experiment.js';

// Schema limits in src/api/feature-flag-status.ts.
const MAX_VARIANTS = 64;
const MAX_EVENTS = 64;
const MAX_METHOD = 256;

type EventResult = NonNullable<ExperimentResults['variants'][number]['events']>[number];

function eventResult(e: EventAnalysis): EventResult {
  const r: EventResult = { event: e.event, conversions: e.conversions };
  if (e.rate !== undefined) r.rate = e.rate;
  if (e.interval) {
    r.ciLow = e.interval.low;
    r.ciHigh = e.interval.high;
  }
  if (e.lift !== undefined) r.lift = e.lift;
  if (e.adjustedPValue !== undefined) r.pValue = e.adjustedPValue;
  if (e.significant !== undefined) r.significant = e.significant;
  return r;
}

/** The one-line description of the methods, e.g. for `status.experiment.method`. */
export function describeMethods(a: ExperimentAnalysis): string {
  const text = `${a.method}, ${a.correction} adjusted at alpha ${a.alpha}; rate CI: ${a.intervalMethod}`;
  return text.length <= MAX_METHOD ? text : `${text.slice(0, MAX_METHOD - 1)}…`;
}

export function toExperimentStatus(a: ExperimentAnalysis, computedAt: Date): ExperimentResults {
  const status: ExperimentResults = {
    // metav1.Time precision: whole seconds.
    computedAt: new Date(Math.floor(computedAt.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    method: describeMethods(a),
    control: a.control,
    confidenceLevel: a.confidenceLevel,
    variants: a.variants.slice(0, MAX_VARIANTS).map((v) => ({
      variant: v.variant,
      exposures: v.exposures,
      events: v.events.slice(0, MAX_EVENTS).map(eventResult),
    })),
  };
  const srm = a.sampleRatioMismatch;
  if (srm?.pValue !== undefined) status.sampleRatioMismatch = { pValue: srm.pValue, mismatch: srm.mismatch };
  return status;
}
