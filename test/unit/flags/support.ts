/**
 * Helpers of the flag compiler's unit tests: FeatureFlag builders, flagd's
 * own JSON schema (test/fixtures/flagd-schema) through ajv, and evaluation of
 * compiled flag sets with Fledge's SDK and with @openfeature/flagd-core.
 */
import { readFileSync } from 'node:fs';
import { FlagdCore } from '@openfeature/flagd-core';
import { Ajv, type ValidateFunction } from 'ajv';
import { evaluateIn } from '../../../src/sdk/evaluator/evaluate.js';
import { FlagSet } from '../../../src/sdk/evaluator/flag-set.js';
import type { EvaluationContext, FlagValue } from '../../../src/sdk/types.js';

const schemaDir = new URL('../../fixtures/flagd-schema/', import.meta.url);
const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, schemaDir), 'utf8')) as Record<string, unknown>;

let validator: ValidateFunction | undefined;

/** Errors of a flags.json document against flagd's schema; [] when valid. */
export function flagdSchemaErrors(doc: unknown): string[] {
  if (!validator) {
    // strict: false — flagd's schema uses draft-07 tuple `items` with
    // `additionalItems`, which ajv's strict mode only warns about.
    const ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addSchema(load('targeting.json'));
    validator = ajv.compile(load('flags.json'));
  }
  if (validator(doc)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

export interface FlagInput {
  name?: string;
  namespace?: string;
  spec: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** A FeatureFlag object as the API returns it. */
export function featureFlag(input: FlagInput): Record<string, unknown> {
  const out: Record<string, unknown> = {
    apiVersion: 'fledge.dev/v1alpha1',
    kind: 'FeatureFlag',
    metadata: { name: input.name ?? 'f', namespace: input.namespace ?? 'shop', ...input.metadata },
    spec: input.spec,
  };
  if (input.status) out.status = input.status;
  return out;
}

export const boolVariants = { variants: { on: true, off: false }, defaultVariant: 'off' };

/** Evaluates one flag of a flags.json text with Fledge's SDK. */
export function sdkEval(text: string, key: string, ctx: EvaluationContext, def: FlagValue = false) {
  return evaluateIn(FlagSet.parse(text), key, def, ctx);
}

const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };

/** A flagd-core instance loaded with a flags.json text (flagd's reference JS evaluator). */
export function flagdCore(text: string): FlagdCore {
  const core = new FlagdCore(undefined, quiet);
  core.setConfigurations(text);
  return core;
}
