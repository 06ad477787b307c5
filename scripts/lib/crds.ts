/**
 * The CustomResourceDefinitions of Fledge, built from the zod schemas in
 * src/api. `renderCrds()` is what `npm run gen:crds` writes and what the
 * up-to-date test compares with crds/.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { CANARY_DEFAULTS } from '../../src/api/canary-defaults.js';
import { canarySchema } from '../../src/api/canary.js';
import { FEATURE_FLAG_DEFAULTS } from '../../src/api/feature-flag-defaults.js';
import { featureFlagSchema } from '../../src/api/feature-flag.js';
import {
  CANARY_KIND,
  FEATURE_FLAG_KIND,
  GROUP,
  METRIC_TEMPLATE_KIND,
  VERSION,
  type KindInfo,
} from '../../src/api/group.js';
import { metricTemplateSchema } from '../../src/api/metric-template.js';
import { renderReference } from './crd-docs.js';
import { toStructural, type JsonSchema } from './crd-structural.js';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

interface CrdSource {
  info: KindInfo;
  description: string;
  schema: z.ZodType;
  columns: PrinterColumn[];
  /** Defaults the apiserver fills in: only those that never depend on another field. */
  defaults: Record<string, unknown>;
  /** Prose for the generated field reference. */
  notes: string;
}

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

const SOURCES: CrdSource[] = [
  {
    info: CANARY_KIND,
    description: 'A Deployment released progressively behind Istio, judged by Prometheus.',
    schema: canarySchema,
    columns: [
      { name: 'Status', type: 'string', jsonPath: '.status.phase' },
      { name: 'Weight', type: 'integer', jsonPath: '.status.canaryWeight' },
      { name: 'FailedChecks', type: 'integer', jsonPath: '.status.failedChecks' },
      { name: 'LastTransitionTime', type: 'date', jsonPath: '.status.lastTransitionTime' },
    ],
    defaults: {
      'spec.progressDeadlineSeconds': CANARY_DEFAULTS.progressDeadlineSeconds,
      'spec.skipAnalysis': CANARY_DEFAULTS.skipAnalysis,
      'spec.suspend': CANARY_DEFAULTS.suspend,
      'spec.revertOnDeletion': CANARY_DEFAULTS.revertOnDeletion,
      'spec.service.portName': CANARY_DEFAULTS.portName,
      'spec.analysis.interval': CANARY_DEFAULTS.interval,
      'spec.analysis.threshold': CANARY_DEFAULTS.threshold,
      'spec.analysis.minRequests': CANARY_DEFAULTS.minRequests,
      'spec.analysis.noDataTimeout': CANARY_DEFAULTS.noDataTimeout,
      'spec.analysis.historyLimit': CANARY_DEFAULTS.historyLimit,
    },
    notes: [
      'Traffic moves by exactly one strategy of `spec.analysis`: `stepWeight` (the default, 10 % steps up to',
      '`maxWeight`, 50 by default), `stepWeights` (an explicit ascending list), `doubling` (from',
      '`initialWeight`, doubling each step up to `maxWeight`, a step taken only after `minSampleSize` canary',
      'requests in it) or `iterations` (A/B with `match`, or blue/green, optionally mirrored).',
      'Defaults that depend on other fields (`stepWeight`, `maxWeight`, metric `interval`, webhook `onTimeout`)',
      'are applied by Fledge (`withCanaryDefaults`), not by the apiserver.',
    ].join('\n'),
  },
  {
    info: FEATURE_FLAG_KIND,
    description: 'One feature flag in flagd format, published in the ConfigMap of its flag set.',
    schema: featureFlagSchema,
    columns: [
      { name: 'State', type: 'string', jsonPath: '.spec.state' },
      { name: 'Default', type: 'string', jsonPath: '.spec.defaultVariant' },
      {
        name: 'Rollout',
        type: 'integer',
        jsonPath: '.status.rollout.percentage',
        description: 'Percentage published for the rollout variant.',
      },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      AGE,
    ],
    defaults: {
      'spec.flagSet': FEATURE_FLAG_DEFAULTS.flagSet,
      'spec.type': FEATURE_FLAG_DEFAULTS.type,
      'spec.state': FEATURE_FLAG_DEFAULTS.state,
    },
    notes: [
      'The spec is the flagd flag (`state`, `variants`, `defaultVariant`, `targeting`) plus sugar: ordered `rules`',
      '(first match wins), then `rollout` or `distribution` for everyone else. Raw `targeting` is exclusive with',
      'the sugar. `when` is an attribute test with exactly one operator, or `all`/`any`/`not` of conditions of',
      'the same shape, or a `segment` defined in `spec.segments` of any flag of the set (published as flagd',
      '`$evaluators`). Rules about variants (defaultVariant and rule variants exist, one JSON type for all',
      'values) cannot be checked by the apiserver, whose CEL does not see free-form values: Fledge reports',
      'them in status (`Ready=False`, with the field path) and keeps the last good definition published.',
      'In YAML, quote variant names like `"on"` and `"off"`: kubectl reads YAML 1.1, where they are booleans.',
    ].join('\n'),
  },
  {
    info: METRIC_TEMPLATE_KIND,
    description: 'A PromQL query template and the Prometheus it runs against.',
    schema: metricTemplateSchema,
    columns: [
      { name: 'Provider', type: 'string', jsonPath: '.spec.provider.type' },
      { name: 'Address', type: 'string', jsonPath: '.spec.provider.address' },
      AGE,
    ],
    defaults: {},
    notes:
      'The query is a template: `{{ namespace }}`, `{{ target }}`, `{{ interval }}` and `{{ variables.x }}` are substituted, nothing is executed.',
  },
];

function setDefault(schema: JsonSchema, dotted: string, value: unknown): void {
  let node = schema;
  for (const key of dotted.split('.')) {
    const next = (node.properties as Record<string, JsonSchema> | undefined)?.[key];
    if (!next) throw new Error(`default for ${dotted}: no field ${key}`);
    node = next;
  }
  node.default = value;
}

/** The openAPIV3Schema of one kind. */
export function crdSchema(source: CrdSource): JsonSchema {
  const json = z.toJSONSchema(source.schema, {
    target: 'openapi-3.0',
    unrepresentable: 'throw',
    io: 'input',
  });
  const props = json.properties as Record<string, JsonSchema>;
  const structural = toStructural({
    ...json,
    properties: {
      // The apiserver owns these three; the schema only names them.
      apiVersion: { type: 'string', description: 'fledge.dev/v1alpha1' },
      kind: { type: 'string', description: source.info.kind },
      metadata: { type: 'object' },
      spec: props.spec,
      status: props.status,
    },
    required: ['spec'],
  });
  for (const [path, value] of Object.entries(source.defaults)) setDefault(structural, path, value);
  return { description: source.description, ...structural };
}

export function buildCrd(source: CrdSource): JsonSchema {
  const { info } = source;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${info.plural}.${GROUP}`,
      labels: { 'app.kubernetes.io/name': 'fledge', 'app.kubernetes.io/part-of': 'fledge' },
    },
    spec: {
      group: GROUP,
      names: {
        kind: info.kind,
        listKind: info.listKind,
        plural: info.plural,
        singular: info.singular,
        shortNames: [...info.shortNames],
        categories: [...info.categories],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: source.columns,
          schema: { openAPIV3Schema: crdSchema(source) },
        },
      ],
    },
  };
}

const HEADER =
  '# Generated by scripts/gen-crds.ts from the schemas in src/api — do not edit.\n# Regenerate with: npm run gen:crds\n';

/** File name → YAML text, for every CRD. */
export function renderCrds(): Map<string, string> {
  const files = new Map<string, string>();
  for (const source of SOURCES) {
    const crd = buildCrd(source);
    const name = `${source.info.plural}.${GROUP}.yaml`;
    files.set(name, HEADER + stringify(crd, { lineWidth: 0, aliasDuplicateObjects: false }));
  }
  return files;
}

/** File name → Markdown field reference, for every kind. */
export function renderReferences(): Map<string, string> {
  const files = new Map<string, string>();
  for (const source of SOURCES) {
    const text = renderReference(source.info.kind, source.description, crdSchema(source), source.notes);
    files.set(`${source.info.singular}.md`, text);
  }
  return files;
}
