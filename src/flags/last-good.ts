/**
 * The last good version of each flag, read back from the flags.json Fledge
 * published. Status only records a flag's compiledHash, so after a restart
 * this is where the last good definition of an invalid flag comes from; the
 * caller trusts an entry only when its hash equals the flag's
 * `status.compiledHash` (a hand-edited ConfigMap is not "last good").
 */
import { canonicalJson, sha256Hex } from './canonical-json.js';
import type { CompiledFlag, FlagdFlag, JsonLogic } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A published flags.json, parsed once; flags are rebuilt only when asked for. */
export class PublishedDocument {
  private constructor(
    private readonly flags: Record<string, unknown>,
    private readonly evaluators: Record<string, unknown>,
  ) {}

  /** Never throws: an unreadable document has no flags. */
  static parse(text: string | undefined): PublishedDocument {
    if (text === undefined) return new PublishedDocument({}, {});
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return new PublishedDocument({}, {});
    }
    if (!isObject(doc) || !isObject(doc.flags)) return new PublishedDocument({}, {});
    return new PublishedDocument(doc.flags, isObject(doc.$evaluators) ? doc.$evaluators : {});
  }

  keys(): string[] {
    return Object.keys(this.flags);
  }

  /** The flag as published, with the evaluators it references and its hash (as compile computes it). */
  get(key: string): CompiledFlag | undefined {
    const flag = Object.hasOwn(this.flags, key) ? this.flags[key] : undefined;
    if (!isObject(flag)) return undefined;
    const refs = new Set<string>();
    collectRefs(flag.targeting, refs);
    const values: Record<string, JsonLogic> = {};
    const strings: Record<string, string> = {};
    for (const name of [...refs].sort()) {
      if (!Object.hasOwn(this.evaluators, name)) continue;
      values[name] = this.evaluators[name] as JsonLogic;
      strings[name] = canonicalJson(this.evaluators[name]);
    }
    return {
      key,
      flag: flag as unknown as FlagdFlag,
      json: canonicalJson(flag),
      evaluators: strings,
      hash: sha256Hex(canonicalJson({ flag, evaluators: values })),
    };
  }
}

function collectRefs(node: unknown, refs: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectRefs(n, refs);
  } else if (isObject(node)) {
    const keys = Object.keys(node);
    if (keys.length === 1 && keys[0] === '$ref' && typeof node.$ref === 'string') refs.add(node.$ref);
    else for (const k of keys) collectRefs(node[k], refs);
  }
}
