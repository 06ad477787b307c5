/**
 * decideSet: the pure core of publishing one flag set. Given every
 * FeatureFlag of the set (as the informer has them) and the set's ConfigMap
 * as it is, it returns the ConfigMap action and what happened to each flag;
 * decide() turns the latter into each flag's status.
 *
 * - No FeatureFlag left in the set → delete the ConfigMap.
 * - A set over the size limit → no write (the last good ConfigMap stays).
 * - The ConfigMap already holds exactly this document, hash and labels → no
 *   write; anything else (missing, edited by hand) → apply the whole object.
 * - An invalid flag's last good version comes from the published document,
 *   trusted only if it hashes to the flag's status.compiledHash.
 */
import type { ValidationIssue } from '../api/errors.js';
import { FlagCompileCache } from './compile-cache.js';
import { assembleFlagSet, type DroppedFlag, type FlagSetEntry, type PublishedFlag } from './flag-set.js';
import { flagKeyOf } from './keys.js';
import { PublishedDocument } from './last-good.js';
import { CONTENT_HASH_ANNOTATION, FLAGS_KEY, configMapName, flagSetLabels } from './names.js';
import { buildSegmentPool } from './segments.js';
import type { CompileResult } from './types.js';

export interface ObservedConfigMap {
  labels?: Readonly<Record<string, string>> | undefined;
  annotations?: Readonly<Record<string, string>> | undefined;
  data?: Readonly<Record<string, string>> | undefined;
}

export interface FlagSetObserved {
  namespace: string;
  flagSet: string;
  /** Every FeatureFlag of this set in the namespace that is not being deleted. */
  flags: readonly unknown[];
  /** The set's ConfigMap; undefined when it does not exist. */
  configMap?: ObservedConfigMap | undefined;
}

export interface DesiredConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  data: Record<string, string>;
}

export type ConfigMapAction =
  | { kind: 'none' }
  | { kind: 'apply'; configMap: DesiredConfigMap }
  | { kind: 'delete'; name: string; namespace: string };

/** What publishing did with one FeatureFlag (by metadata.name). */
export interface FlagOutcome {
  name: string;
  key: string;
  /** Problems of the current spec; empty when it compiled. */
  issues: readonly ValidationIssue[];
  /** Hash of the current spec's compile, when it compiled. */
  compiledHash?: string;
  /** What of it is in the set, if anything. */
  published?: PublishedFlag;
  dropped?: DroppedFlag;
  /** The whole set was refused (too large): nothing new was published. */
  refused?: string;
}

export interface SetDecision {
  configMapName: string;
  action: ConfigMapAction;
  /** Content hash of the desired document (absent when deleting or refused). */
  hash?: string;
  bytes?: number;
  outcomes: ReadonlyMap<string, FlagOutcome>;
}

interface Item {
  obj: unknown;
  name: string;
  key: string;
  order: string;
  status: { compiledHash?: unknown } | undefined;
  result: CompileResult;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function decideSet(
  observed: FlagSetObserved,
  cache: FlagCompileCache = new FlagCompileCache(),
): SetDecision {
  const name = configMapName(observed.flagSet);
  const { namespace } = observed;
  if (observed.flags.length === 0) {
    return {
      configMapName: name,
      action: observed.configMap ? { kind: 'delete', name, namespace } : { kind: 'none' },
      outcomes: new Map(),
    };
  }

  const validated = observed.flags.map((obj) => ({ obj, v: cache.validate(obj) }));
  const { pool, conflicts } = buildSegmentPool(
    validated
      .flatMap(({ obj, v }) =>
        v.ok ? [{ key: flagKeyOf(obj), segments: v.value.spec.segments, order: orderOf(obj) }] : [],
      )
      .sort((a, b) => cmp(a.order, b.order) || cmp(a.key, b.key)),
  );
  const items: Item[] = validated.map(({ obj, v }) => {
    const meta = (obj as { metadata?: Record<string, unknown> }).metadata ?? {};
    const key = flagKeyOf(obj);
    const result: CompileResult = v.ok
      ? cache.compile(obj, v.value, pool, conflicts.get(key))
      : { ok: false, issues: [...v.error.issues] };
    const status = (obj as { status?: { compiledHash?: unknown } }).status;
    return { obj, name: str(meta.name), key, order: orderOf(obj), status, result };
  });

  // The published document (up to 900 KiB) is parsed only when assembling
  // falls back to some flag's last good version: not for a flag whose new
  // spec compiled and is taken, which is every ordinary update.
  let doc: PublishedDocument | undefined;
  const entries: FlagSetEntry[] = items.map((it) => {
    const entry: FlagSetEntry = { key: it.key, id: it.name, order: it.order };
    if (it.result.ok) entry.compiled = it.result.compiled;
    const recorded = it.status?.compiledHash;
    if (typeof recorded === 'string' && (!it.result.ok || it.result.compiled.hash !== recorded)) {
      entry.loadLastGood = () => {
        doc ??= PublishedDocument.parse(observed.configMap?.data?.[FLAGS_KEY]);
        const previous = doc.get(it.key);
        return previous?.hash === recorded ? previous : undefined;
      };
    }
    return entry;
  });

  const set = assembleFlagSet(entries);
  const dropped = new Map(set.dropped.map((d) => [d.id, d]));
  const outcomes = new Map<string, FlagOutcome>();
  for (const it of items) {
    const o: FlagOutcome = { name: it.name, key: it.key, issues: it.result.ok ? [] : it.result.issues };
    if (it.result.ok) o.compiledHash = it.result.compiled.hash;
    const d = dropped.get(it.name);
    if (d) o.dropped = d;
    else if (set.ok) {
      const p = set.published.get(it.key);
      if (p) o.published = p;
    }
    if (!set.ok) o.refused = set.message;
    outcomes.set(it.name, o);
  }

  if (!set.ok) return { configMapName: name, action: { kind: 'none' }, bytes: set.bytes, outcomes };
  const desired: DesiredConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace,
      labels: flagSetLabels(observed.flagSet),
      annotations: { [CONTENT_HASH_ANNOTATION]: set.hash },
    },
    data: { [FLAGS_KEY]: set.text },
  };
  const action: ConfigMapAction = upToDate(observed.configMap, desired)
    ? { kind: 'none' }
    : { kind: 'apply', configMap: desired };
  return { configMapName: name, action, hash: set.hash, bytes: set.bytes, outcomes };
}

function upToDate(current: ObservedConfigMap | undefined, desired: DesiredConfigMap): boolean {
  if (!current) return false;
  if (current.data?.[FLAGS_KEY] !== desired.data[FLAGS_KEY]) return false;
  if (Object.keys(current.data ?? {}).length !== 1) return false;
  for (const [k, v] of Object.entries(desired.metadata.annotations))
    if (current.annotations?.[k] !== v) return false;
  for (const [k, v] of Object.entries(desired.metadata.labels)) if (current.labels?.[k] !== v) return false;
  return true;
}

function orderOf(obj: unknown): string {
  return str((obj as { metadata?: { creationTimestamp?: unknown } }).metadata?.creationTimestamp);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
