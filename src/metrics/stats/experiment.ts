/**
 * The results of an A/B(/n) experiment from per-variant counters: for every
 * tracked event, each variant's conversion rate with its interval, and each
 * treatment's lift and significance against the control, guarded against
 * verdicts on too little data and corrected for several treatments.
 */
import { ValidationError, type ValidationIssue } from '../../api/errors.js';
import { type Correction, CORRECTION_NAMES, adjustPValues } from './multiple-comparisons.js';
import { type Interval, WILSON_METHOD, wilsonInterval } from './proportion.js';
import { type SrmResult, sampleRatioMismatch } from './srm.js';
import { LIFT_METHOD, Z_TEST_METHOD, relativeLift, twoProportionZTest } from './two-proportion.js';

export interface VariantCounts {
  variant: string;
  exposures: number;
  /** Conversions per tracked event name; a missing event counts as 0. */
  conversions: Readonly<Record<string, number>>;
  /** Configured weight; the SRM check runs only when every variant has one. */
  weight?: number;
}

export interface ExperimentInput {
  control: string;
  variants: readonly VariantCounts[];
  /** Events to report, in order; default: every event seen, sorted. */
  events?: readonly string[];
}

export interface ExperimentOptions {
  confidenceLevel?: number;
  /** Significance level of the family of comparisons; default 1 − confidenceLevel. */
  alpha?: number;
  correction?: Correction;
  /** Fewest exposures per variant before any verdict. */
  minExposures?: number;
  /** Fewest expected conversions and non-conversions per variant (normal approximation). */
  minExpectedCount?: number;
  srmAlpha?: number;
}

export type Verdict = 'control' | 'insufficientData' | 'significant' | 'notSignificant';

export interface EventAnalysis {
  event: string;
  conversions: number;
  rate?: number;
  interval?: Interval;
  lift?: number;
  liftInterval?: Interval;
  z?: number;
  pValue?: number;
  /** p-value after the multiplicity correction; compare with alpha. */
  adjustedPValue?: number;
  significant?: boolean;
  verdict: Verdict;
  /** Why there is no verdict, when verdict is insufficientData. */
  reason?: string;
}

export interface VariantAnalysis {
  variant: string;
  exposures: number;
  weight?: number;
  events: EventAnalysis[];
}

export interface ExperimentAnalysis {
  control: string;
  method: string;
  intervalMethod: string;
  liftMethod: string;
  correction: string;
  confidenceLevel: number;
  alpha: number;
  variants: VariantAnalysis[];
  sampleRatioMismatch?: SrmResult;
  /** No treatment has a verdict on any event yet. */
  insufficientData: boolean;
}

interface Resolved {
  confidenceLevel: number;
  alpha: number;
  correction: Correction;
  minExposures: number;
  minExpectedCount: number;
}

/** Counters from Prometheus `increase()` are fractional; negatives or NaN are caller bugs. */
function normaliseCounts(input: ExperimentInput): VariantCounts[] {
  const issues: ValidationIssue[] = [];
  const count = (value: number, path: string): number => {
    if (!Number.isFinite(value) || value < 0)
      issues.push({ path, message: `must be a finite count >= 0, got ${value}` });
    return Math.round(value);
  };
  const seen = new Set<string>();
  const variants = input.variants.map((v, i) => {
    if (seen.has(v.variant))
      issues.push({ path: `variants[${i}].variant`, message: `duplicate variant ${v.variant}` });
    seen.add(v.variant);
    const conversions = Object.fromEntries(
      Object.entries(v.conversions).map(([e, c]) => [e, count(c, `variants[${i}].conversions.${e}`)]),
    );
    return { ...v, exposures: count(v.exposures, `variants[${i}].exposures`), conversions };
  });
  if (!seen.has(input.control))
    issues.push({ path: 'control', message: `variant ${input.control} has no counts` });
  if (issues.length > 0) throw new ValidationError(issues);
  return variants;
}

/** Why this pair cannot be judged yet, or undefined when it can. */
function guard(t: VariantCounts, c: VariantCounts, event: string, o: Resolved): string | undefined {
  for (const v of [t, c]) {
    // An empty arm is never testable, whatever minimum was configured.
    const min = Math.max(1, o.minExposures);
    if (v.exposures < min) return `variant ${v.variant} has ${v.exposures} exposures, fewer than ${min}`;
    if ((v.conversions[event] ?? 0) > v.exposures)
      return `variant ${v.variant} has more ${event} conversions than exposures`;
  }
  const x = (t.conversions[event] ?? 0) + (c.conversions[event] ?? 0);
  const pooled = x / (t.exposures + c.exposures);
  for (const v of [t, c]) {
    const expected = Math.min(v.exposures * pooled, v.exposures * (1 - pooled));
    if (expected < o.minExpectedCount) {
      return `variant ${v.variant} expects ${expected.toFixed(1)} ${event} (non-)conversions, fewer than ${o.minExpectedCount}`;
    }
  }
  return undefined;
}

function describe(v: VariantCounts, event: string, o: Resolved): EventAnalysis {
  const conversions = v.conversions[event] ?? 0;
  const base: EventAnalysis = { event, conversions, verdict: 'insufficientData' };
  if (v.exposures === 0 || conversions > v.exposures) return base;
  return {
    ...base,
    rate: conversions / v.exposures,
    interval: wilsonInterval(conversions, v.exposures, o.confidenceLevel),
  };
}

function analyseEvent(
  variants: VariantCounts[],
  control: VariantCounts,
  event: string,
  o: Resolved,
): EventAnalysis[] {
  const rows = variants.map((v) => describe(v, event, o));
  const treatments = variants.map((v, i) => ({ v, i })).filter(({ v }) => v !== control);
  // Insufficient comparisons stay in the family with p = 1: the correction is
  // for the comparisons planned, not for those that happen to have data.
  const raw = treatments.map(({ v, i }) => {
    const row = rows[i] as EventAnalysis;
    const c = { successes: control.conversions[event] ?? 0, trials: control.exposures };
    const t = { successes: v.conversions[event] ?? 0, trials: v.exposures };
    const lift = relativeLift(t, c, o.confidenceLevel);
    if (lift.lift !== undefined) row.lift = lift.lift;
    if (lift.interval) row.liftInterval = lift.interval;
    const reason = guard(v, control, event, o);
    if (reason) {
      row.reason = reason;
      return 1;
    }
    const test = twoProportionZTest(t, c);
    row.z = test.z;
    row.pValue = test.pValue;
    return test.pValue;
  });
  const adjusted = adjustPValues(raw, o.correction);
  treatments.forEach(({ i }, k) => {
    const row = rows[i] as EventAnalysis;
    if (row.pValue === undefined) return;
    row.adjustedPValue = adjusted[k] ?? 1;
    row.significant = row.adjustedPValue < o.alpha;
    row.verdict = row.significant ? 'significant' : 'notSignificant';
  });
  const controlRow = rows[variants.indexOf(control)];
  if (controlRow) controlRow.verdict = 'control';
  return rows;
}

function eventNames(input: ExperimentInput): string[] {
  if (input.events) return [...input.events];
  return [...new Set(input.variants.flatMap((v) => Object.keys(v.conversions)))].sort();
}

export function analyseExperiment(
  input: ExperimentInput,
  options: ExperimentOptions = {},
): ExperimentAnalysis {
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  const o: Resolved = {
    confidenceLevel,
    // toPrecision: 1 − 0.95 is 0.050000000000000044 in binary floating point.
    alpha: options.alpha ?? Number((1 - confidenceLevel).toPrecision(12)),
    correction: options.correction ?? 'holm',
    minExposures: options.minExposures ?? 100,
    minExpectedCount: options.minExpectedCount ?? 5,
  };
  if (!(o.alpha > 0 && o.alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${o.alpha}`);
  const variants = normaliseCounts(input);
  const control = variants.find((v) => v.variant === input.control) as VariantCounts;
  const events = eventNames(input);
  const perEvent = events.map((e) => analyseEvent(variants, control, e, o));
  const result: ExperimentAnalysis = {
    control: input.control,
    method: Z_TEST_METHOD,
    intervalMethod: WILSON_METHOD,
    liftMethod: LIFT_METHOD,
    correction: CORRECTION_NAMES[o.correction],
    confidenceLevel,
    alpha: o.alpha,
    variants: variants.map((v, i) => ({
      variant: v.variant,
      exposures: v.exposures,
      ...(v.weight !== undefined ? { weight: v.weight } : {}),
      events: perEvent.map((rows) => rows[i] as EventAnalysis),
    })),
    insufficientData: !perEvent.some((rows) =>
      rows.some((r) => r.verdict === 'significant' || r.verdict === 'notSignificant'),
    ),
  };
  if (variants.every((v) => v.weight !== undefined)) {
    const arms = variants.map((v) => ({ variant: v.variant, exposures: v.exposures, weight: v.weight ?? 0 }));
    result.sampleRatioMismatch = sampleRatioMismatch(arms, {
      ...(options.srmAlpha !== undefined ? { alpha: options.srmAlpha } : {}),
      minExpectedCount: o.minExpectedCount,
    });
  }
  return result;
}
