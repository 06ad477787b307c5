/**
 * Assembles one flag set document (`flags.json`) from the compiled flags of a
 * set. Pure and cheap: every flag arrives already serialised (CompiledFlag
 * .json), so a set of thousands of flags is rebuilt by sorting keys and
 * concatenating strings, then hashed once.
 *
 * - A flag that does not compile keeps its last good version (`lastGood`);
 *   with none, it is left out.
 * - Precedence (order, then key) settles conflicts: a later flag reusing a
 *   key, or carrying an evaluator of the same name with another definition,
 *   falls back to its last good version, else is left out.
 * - Output is deterministic: keys sorted, one flag per line (readable in
 *   `kubectl get -o yaml` and in diffs), so equal content ⇔ equal hash.
 * - A document over MAX_FLAG_SET_BYTES is refused as a whole.
 */
import { sha256Hex } from './canonical-json.js';
import { FLAGD_SCHEMA_URL, MAX_FLAG_SET_BYTES } from './names.js';
import type { CompiledFlag } from './types.js';

export interface FlagSetEntry {
  key: string;
  /** Who the entry is (the FeatureFlag's name): names a key's owner, breaks ties. */
  id?: string | undefined;
  /** This flag compiled now (absent when it is invalid). */
  compiled?: CompiledFlag | undefined;
  /** What was last published for it, kept while `compiled` is absent or conflicts. */
  lastGood?: CompiledFlag | undefined;
  /**
   * Finds `lastGood` when it is needed, and only then: reading it back means
   * parsing the whole published document, which a flag whose current version
   * is taken never needs. Ignored when `lastGood` is given.
   */
  loadLastGood?: (() => CompiledFlag | undefined) | undefined;
  /** Precedence, smaller first (e.g. creationTimestamp); ties are broken by key. */
  order?: string | undefined;
}

export type PublishedSource = 'current' | 'lastGood';

export interface PublishedFlag {
  source: PublishedSource;
  hash: string;
  /** Why the current version was not taken although it compiled (an evaluator conflict). */
  conflict?: string;
}

export interface DroppedFlag {
  key: string;
  id?: string | undefined;
  reason: 'Invalid' | 'DuplicateKey' | 'EvaluatorConflict';
  message: string;
}

export type FlagSetResult =
  | {
      ok: true;
      text: string;
      /** sha256 (hex) of text: the content-hash annotation. */
      hash: string;
      bytes: number;
      /** By entry key; entries left out are in `dropped`. */
      published: ReadonlyMap<string, PublishedFlag>;
      dropped: readonly DroppedFlag[];
    }
  | {
      ok: false;
      reason: 'TooLarge';
      bytes: number;
      limit: number;
      message: string;
      dropped: readonly DroppedFlag[];
    };

const byOrder = (a: FlagSetEntry, b: FlagSetEntry): number =>
  compare(a.order ?? '', b.order ?? '') || compare(a.key, b.key) || compare(a.id ?? '', b.id ?? '');

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function assembleFlagSet(entries: readonly FlagSetEntry[], limit = MAX_FLAG_SET_BYTES): FlagSetResult {
  const flags = new Map<string, CompiledFlag>();
  const owners = new Map<string, string | undefined>();
  const evaluators = new Map<string, { json: string; owner: string }>();
  const published = new Map<string, PublishedFlag>();
  const dropped: DroppedFlag[] = [];

  for (const entry of [...entries].sort(byOrder)) {
    if (owners.has(entry.key)) {
      const owner = owners.get(entry.key);
      const by = owner !== undefined ? `FeatureFlag ${owner}` : 'another FeatureFlag';
      dropped.push({
        key: entry.key,
        id: entry.id,
        reason: 'DuplicateKey',
        message: `flag key "${entry.key}" is already used by ${by} of this flag set`,
      });
      continue;
    }
    owners.set(entry.key, entry.id);
    let conflict: string | undefined;
    let currentConflict: string | undefined;
    const candidates: [PublishedSource, () => CompiledFlag | undefined][] = [
      ['current', () => entry.compiled],
      ['lastGood', () => entry.lastGood ?? entry.loadLastGood?.()],
    ];
    let chosen: [PublishedSource, CompiledFlag] | undefined;
    for (const [source, candidate] of candidates) {
      const c = candidate();
      if (!c) continue;
      conflict = evaluatorConflict(c, evaluators);
      if (source === 'current') currentConflict = conflict;
      if (conflict === undefined) {
        chosen = [source, c];
        break;
      }
    }
    if (!chosen) {
      conflict = currentConflict ?? conflict;
      dropped.push(
        conflict !== undefined
          ? { key: entry.key, id: entry.id, reason: 'EvaluatorConflict', message: conflict }
          : {
              key: entry.key,
              id: entry.id,
              reason: 'Invalid',
              message: 'invalid and no earlier version was published',
            },
      );
      continue;
    }
    const [source, c] = chosen;
    flags.set(entry.key, c);
    for (const [name, json] of Object.entries(c.evaluators))
      if (!evaluators.has(name)) evaluators.set(name, { json, owner: entry.key });
    const info: PublishedFlag = { source, hash: c.hash };
    if (source === 'lastGood' && currentConflict !== undefined) info.conflict = currentConflict;
    published.set(entry.key, info);
  }

  const text = serialize(flags, evaluators);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limit) {
    return {
      ok: false,
      reason: 'TooLarge',
      bytes,
      limit,
      message: `flag set is ${formatKiB(bytes)} serialised, over the ${formatKiB(limit)} limit (ConfigMaps hold at most 1 MiB); split it into several flag sets`,
      dropped,
    };
  }
  return { ok: true, text, hash: sha256Hex(text), bytes, published, dropped };
}

function evaluatorConflict(
  c: CompiledFlag,
  taken: ReadonlyMap<string, { json: string; owner: string }>,
): string | undefined {
  for (const [name, json] of Object.entries(c.evaluators)) {
    const existing = taken.get(name);
    if (existing && existing.json !== json) {
      return `evaluator "${name}" differs from the one flag "${existing.owner}" publishes`;
    }
  }
  return undefined;
}

function serialize(
  flags: ReadonlyMap<string, CompiledFlag>,
  evaluators: ReadonlyMap<string, { json: string }>,
): string {
  const ev = [...evaluators.keys()]
    .sort(compare)
    .map((n) => `\n${JSON.stringify(n)}:${evaluators.get(n)?.json ?? 'null'}`);
  const fl = [...flags.keys()]
    .sort(compare)
    .map((k) => `\n${JSON.stringify(k)}:${flags.get(k)?.json ?? 'null'}`);
  return `{"$evaluators":{${ev.join(',')}},\n"$schema":${JSON.stringify(FLAGD_SCHEMA_URL)},\n"flags":{${fl.join(',')}}}\n`;
}

export function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
