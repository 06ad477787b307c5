/**
 * Rendering of MetricTemplate queries: plain `{{ name }}` substitution, never
 * code execution. An unknown or malformed placeholder is an error that names
 * it, so a typo never sends a half-rendered query to Prometheus.
 */
import { formatDurationMs, parseDurationMs } from '../api/duration.js';
import { TerminalError, type ResourceRef } from '../api/errors.js';

export interface TemplateVariables {
  /** Namespace of the Canary (and its target). */
  namespace: string;
  /** The target Deployment, i.e. the canary workload. */
  target: string;
  /** Name of the Canary. */
  name?: string | undefined;
  /** Name of the apex Service. */
  service?: string | undefined;
  /** Query window, a duration such as `1m`; written in Prometheus' syntax. */
  interval: string;
  /** `{{ variables.x }}` values from the check's templateVariables. */
  variables?: Readonly<Record<string, string>> | undefined;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)?$/;

/** Renders `query`; throws a TerminalError (reason InvalidTemplate) naming the first bad placeholder. */
export function renderQuery(query: string, vars: TemplateVariables, resource?: ResourceRef): string {
  const fail = (message: string): never => {
    throw new TerminalError('InvalidTemplate', message, resource ? { resource } : {});
  };
  return query.replace(PLACEHOLDER, (_whole, inner: string) => {
    const key = inner.trim();
    if (!NAME.test(key)) return fail(`query placeholder "{{${inner}}}" is not a variable name`);
    const value = lookup(key, vars);
    if (value === undefined) return fail(`query uses unknown variable "${key}"`);
    return value;
  });
}

function lookup(key: string, vars: TemplateVariables): string | undefined {
  if (key.startsWith('variables.')) {
    const name = key.slice('variables.'.length);
    return vars.variables && Object.hasOwn(vars.variables, name) ? vars.variables[name] : undefined;
  }
  switch (key) {
    case 'namespace':
      return vars.namespace;
    case 'target':
      return vars.target;
    case 'name':
      return vars.name;
    case 'service':
      return vars.service;
    case 'interval':
      return promDuration(vars.interval);
    default:
      return undefined;
  }
}

/** Our durations allow decimals (`1.5m`); PromQL does not, so re-spell them. */
export function promDuration(duration: string): string {
  const ms = parseDurationMs(duration);
  return ms === undefined ? duration : formatDurationMs(ms);
}
