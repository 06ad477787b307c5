/**
 * Offline validation of Fledge resources in YAML, with the schemas the
 * operator uses, plus the flag compiler's checks (a FeatureFlag can be
 * schema-valid and still not compile: an unknown segment, a variant its
 * targeting never defines, two flags with one key). Pure: text in, findings out.
 *
 * YAML is read as YAML 1.1, as kubectl reads it: an unquoted `on`, `off`,
 * `yes` or `no` is a boolean there, and lint should see what the cluster will.
 */
import { parseAllDocuments } from 'yaml';
import { describeRef, type ValidationIssue } from '../api/errors.js';
import { GROUP } from '../api/group.js';
import { ROOT_PATH, validateCanary, validateFeatureFlag, validateMetricTemplate } from '../api/validate.js';
import { decideSet } from '../flags/decide-set.js';

export interface Source {
  file: string;
  text: string;
}

export interface Finding {
  file: string;
  /** 1-based document number in the file (`3`, or `3.items[0]` inside a List); empty for the whole file. */
  doc: string;
  /** `Canary shop/web`, absent for problems before the kind is known. */
  ref?: string | undefined;
  path: string;
  message: string;
}

export interface LintResult {
  findings: Finding[];
  /** Documents skipped (not Fledge kinds), for a note on stderr. */
  skipped: string[];
  /** Fledge resources checked. */
  checked: number;
}

const VALIDATORS = {
  Canary: validateCanary,
  FeatureFlag: validateFeatureFlag,
  MetricTemplate: validateMetricTemplate,
} as const;

type Kind = keyof typeof VALIDATORS;

interface Doc {
  file: string;
  doc: string;
  obj: Record<string, unknown>;
}

interface FlagDoc extends Doc {
  ref: string;
}

export function formatFinding(f: Finding): string {
  return `${f.file}${f.doc ? `:${f.doc}` : ''}: ${f.ref ? `${f.ref}: ` : ''}${f.path}: ${f.message}`;
}

function refOf(kind: string, obj: Record<string, unknown>): string {
  const md = (
    typeof obj['metadata'] === 'object' && obj['metadata'] !== null ? obj['metadata'] : {}
  ) as Record<string, unknown>;
  const name = typeof md['name'] === 'string' ? md['name'] : '(no name)';
  const namespace = typeof md['namespace'] === 'string' ? md['namespace'] : undefined;
  return describeRef({ kind, namespace, name });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every document of every source as a plain object; YAML errors become findings. */
function documents(sources: readonly Source[], findings: Finding[]): Doc[] {
  const out: Doc[] = [];
  for (const { file, text } of sources) {
    const docs = parseAllDocuments(text, { version: '1.1', prettyErrors: true });
    const list = Array.isArray(docs) ? docs : [];
    list.forEach((d, i) => {
      const doc = String(i + 1);
      const error = d.errors[0];
      if (error) {
        // prettyErrors puts "at line L, column C:" and a code excerpt after the first sentence.
        const message = (error.message.split('\n')[0] ?? error.message).replace(/:\s*$/, '');
        findings.push({ file, doc, path: 'yaml', message });
        return;
      }
      const value: unknown = d.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
      if (!isObject(value)) {
        findings.push({
          file,
          doc,
          path: ROOT_PATH,
          message: 'not a Kubernetes object (expected a mapping)',
        });
        return;
      }
      if (value['kind'] === 'List' && Array.isArray(value['items'])) {
        value['items'].forEach((item: unknown, j) => {
          if (isObject(item)) out.push({ file, doc: `${doc}.items[${j}]`, obj: item });
        });
        return;
      }
      out.push({ file, doc, obj: value });
    });
  }
  return out;
}

/** Compile checks of the valid FeatureFlags, one flag set (namespace + spec.flagSet) at a time. */
function compileFlags(flags: readonly FlagDoc[], findings: Finding[]): void {
  const sets = new Map<string, FlagDoc[]>();
  for (const f of flags) {
    const md = f.obj['metadata'] as { namespace?: unknown };
    const spec = f.obj['spec'] as { flagSet?: unknown };
    const key = `${typeof md.namespace === 'string' ? md.namespace : ''}\u0000${typeof spec.flagSet === 'string' ? spec.flagSet : 'default'}`;
    sets.set(key, [...(sets.get(key) ?? []), f]);
  }
  for (const [key, docs] of sets) {
    const [namespace = '', flagSet = 'default'] = key.split('\u0000');
    const decision = decideSet({ namespace: namespace || 'default', flagSet, flags: docs.map((d) => d.obj) });
    for (const d of docs) {
      const name = (d.obj['metadata'] as { name?: unknown }).name;
      const outcome = typeof name === 'string' ? decision.outcomes.get(name) : undefined;
      if (!outcome) continue;
      const at = (i: ValidationIssue): Finding => ({
        file: d.file,
        doc: d.doc,
        ref: d.ref,
        path: i.path,
        message: i.message,
      });
      findings.push(...outcome.issues.map(at));
      if (outcome.dropped && outcome.dropped.reason !== 'Invalid') {
        findings.push(at({ path: ROOT_PATH, message: outcome.dropped.message }));
      }
      if (outcome.refused) findings.push(at({ path: ROOT_PATH, message: outcome.refused }));
    }
  }
}

export function lintSources(sources: readonly Source[]): LintResult {
  const findings: Finding[] = [];
  const skipped: string[] = [];
  const flags: FlagDoc[] = [];
  let checked = 0;
  for (const d of documents(sources, findings)) {
    const apiVersion = typeof d.obj['apiVersion'] === 'string' ? d.obj['apiVersion'] : '';
    const kind = typeof d.obj['kind'] === 'string' ? d.obj['kind'] : '';
    if (!apiVersion.startsWith(`${GROUP}/`)) {
      skipped.push(
        `${d.file}:${d.doc}: skipped ${kind || '(no kind)'}${apiVersion ? ` (${apiVersion})` : ''}: not a Fledge kind`,
      );
      continue;
    }
    checked++;
    if (!(kind in VALIDATORS)) {
      findings.push({
        file: d.file,
        doc: d.doc,
        path: 'kind',
        message: `unknown Fledge kind "${kind}" (expected one of: ${Object.keys(VALIDATORS).join(', ')})`,
      });
      continue;
    }
    const ref = refOf(kind, d.obj);
    const result = VALIDATORS[kind as Kind](d.obj);
    if (!result.ok) {
      for (const i of result.error.issues)
        findings.push({ file: d.file, doc: d.doc, ref, path: i.path, message: i.message });
      continue;
    }
    if (kind === 'FeatureFlag') flags.push({ ...d, ref });
  }
  compileFlags(flags, findings);
  const order = new Map(sources.map((s, i) => [s.file, i]));
  findings.sort(
    (a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || docOrder(a.doc) - docOrder(b.doc),
  );
  return { findings, skipped, checked };
}

function docOrder(doc: string): number {
  return parseInt(doc, 10) || 0;
}
