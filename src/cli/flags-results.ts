/**
 * `fledge flags results FLAG`: an experiment's results as the controller
 * wrote them to `status.experiment` — per variant and tracked event the
 * exposures, conversions, rate with its confidence interval, lift against
 * the control and significance, and the sample-ratio-mismatch check.
 */
import type { ExperimentResults } from '../api/feature-flag-status.js';
import { CLUSTER_HELP, CLUSTER_OPTIONS, clusterArgs, outputFormat, parse } from './args.js';
import { withCluster } from './cluster.js';
import { command } from './command.js';
import { CliError, EXIT, UsageError } from './errors.js';
import { featureFlagKind, type FeatureFlagObject } from './kinds.js';
import { table } from './output.js';

export const resultsUsage = `Usage: fledge flags results FLAG [-n NS] [-o json]

Shows the results of an experiment (spec.type: experiment) as Fledge computed
them from the SDK's exposure and conversion counters: per variant and event the
exposures, conversions, conversion rate with its confidence interval, the lift
against the control and whether it is significant (the method is named), and
the sample-ratio-mismatch check of exposures against the configured weights.

Exit code 0 with results, 1 when the flag has none (not an experiment, or not
computed yet).

Options:
  -o, --output json      status.experiment as JSON
${CLUSTER_HELP}
`;

const OPTIONS = { ...CLUSTER_OPTIONS, output: { type: 'string', short: 'o' } } as const;

const pct = (x: number | undefined, digits = 2): string =>
  x === undefined ? '-' : `${(x * 100).toFixed(digits)}%`;
const pValue = (p: number): string => (p < 0.001 ? p.toExponential(2) : p.toPrecision(3));

/** The results as text. Pure. */
export function formatResults(name: string, r: ExperimentResults): string {
  const level = r.confidenceLevel ?? 0.95;
  const ciHeader = `${Math.round(level * 100)}% ci`;
  const headers = [
    'variant',
    'exposures',
    'event',
    'conversions',
    'rate',
    ciHeader,
    'lift',
    'p-value',
    'significant',
  ];
  const rows: string[][] = [];
  for (const v of r.variants) {
    const events = v.events ?? [];
    if (events.length === 0) rows.push([v.variant, String(v.exposures), '-', '-', '-', '-', '-', '-', '-']);
    for (const e of events) {
      const control = v.variant === r.control;
      const lift = e.lift === undefined || control ? '-' : `${e.lift >= 0 ? '+' : ''}${pct(e.lift, 1)}`;
      const ci =
        e.ciLow === undefined || e.ciHigh === undefined ? '-' : `[${pct(e.ciLow)}, ${pct(e.ciHigh)}]`;
      const significant = control
        ? 'control'
        : e.significant === undefined
          ? 'not enough data'
          : e.significant
            ? 'yes'
            : 'no';
      rows.push([
        v.variant,
        String(v.exposures),
        e.event,
        String(e.conversions),
        pct(e.rate),
        ci,
        lift,
        e.pValue === undefined || control ? '-' : pValue(e.pValue),
        significant,
      ]);
    }
  }
  const srm = r.sampleRatioMismatch;
  const srmLine = !srm
    ? 'Sample ratio:  not checked (no configured weights, or too few exposures)'
    : srm.mismatch
      ? `Sample ratio:  MISMATCH (chi-square p = ${pValue(srm.pValue)}): exposures do not follow the configured weights; assignment or exposure logging is broken, do not trust these results`
      : `Sample ratio:  ok (chi-square p = ${pValue(srm.pValue)})`;
  return [
    `Experiment:    ${name}`,
    `Computed at:   ${r.computedAt}`,
    `Control:       ${r.control ?? '-'}`,
    `Method:        ${r.method}`,
    '',
    table(headers, rows).trimEnd(),
    '',
    srmLine,
    '',
  ].join('\n');
}

export const flagsResultsCommand = command('flags results', resultsUsage, async (args, io) => {
  const { values, positionals } = parse(args, OPTIONS);
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError('flags results needs one flag name');
  const format = outputFormat(values['output'], ['json'] as const);
  const cluster = clusterArgs(values);
  if (cluster.allNamespaces) throw new UsageError('flags results needs one namespace, not -A');
  return withCluster(cluster, async (c) => {
    const ff = await c.client
      .resources<FeatureFlagObject>(featureFlagKind)
      .get(c.namespace, positionals[0] ?? '');
    const name = `${ff.metadata?.namespace ?? c.namespace ?? ''}/${ff.metadata?.name ?? ''}`;
    const results = ff.status?.experiment;
    if (!results) {
      const type = typeof ff.spec?.['type'] === 'string' ? ff.spec['type'] : 'release';
      const why =
        type === 'experiment'
          ? 'no results yet (the controller computes them every 15 s from Prometheus; is it running with --prometheus-url?)'
          : `it is not an experiment (spec.type: ${type})`;
      throw new CliError(`FeatureFlag ${name}: ${why}`, EXIT.failed);
    }
    if (format === 'json') io.out(`${JSON.stringify(results, null, 2)}\n`);
    else io.out(formatResults(name, results));
    return EXIT.ok;
  });
});
