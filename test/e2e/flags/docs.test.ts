/**
 * docs/flags.md and examples/flags/ work as written: every YAML block of the
 * page and every example file is admitted by the apiserver (server-side dry
 * run, with the real CRD), every FeatureFlag among them compiles without an
 * issue, and the read-only RBAC the page gives a workload lets it list and
 * watch its flag set ConfigMap exactly as the SDK's API source does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideSet } from '../../../src/flags/decide-set.js';
import { testbed } from '../../support/env.js';
import { k, repo } from './support.js';

const page = readFileSync(join(repo, 'docs', 'flags.md'), 'utf8');
const yamlBlocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const exampleDir = join(repo, 'examples', 'flags');
const examples = readdirSync(exampleDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => [f, readFileSync(join(exampleDir, f), 'utf8')] as const);
const sources: [string, string][] = [
  ...yamlBlocks.map((y, i) => [`docs/flags.md yaml block ${i + 1}`, y] as [string, string]),
  ...examples.map(([f, y]) => [`examples/flags/${f}`, y] as [string, string]),
];

const ns = `flags-docs-${Math.random().toString(16).slice(2, 8)}`;
let kc: ReturnType<typeof k>;

beforeAll(async () => {
  kc = k(testbed().KUBECONFIG);
  await kc.run(['create', 'namespace', ns]);
});

afterAll(async () => {
  await kc?.try(['delete', 'namespace', ns, '--wait=false']);
});

describe('docs/flags.md and examples/flags', () => {
  it('has the YAML this test expects to check', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(6);
    expect(examples.map(([f]) => f).sort()).toEqual([
      'checkout-experiment.yaml',
      'guarded-rollout.yaml',
      'kill-switch.yaml',
      'new-checkout.yaml',
    ]);
  });

  it.each(sources)('%s is admitted by the apiserver and compiles cleanly', async (_name, text) => {
    const res = await kc.try(['apply', '--dry-run=server', '-n', ns, '-f', '-'], text);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const flags = parseAllDocuments(text)
      .map((d) => d.toJS() as { kind?: string; metadata: { namespace?: string } })
      .filter((o) => o?.kind === 'FeatureFlag')
      .map((o) => ({ ...o, metadata: { ...o.metadata, namespace: ns } }));
    for (const flag of flags) {
      const d = decideSet({ namespace: ns, flagSet: 'default', flags: [flag] });
      const [outcome] = [...d.outcomes.values()];
      expect(outcome?.issues).toEqual([]);
      expect(outcome?.published?.source).toBe('current');
    }
  });

  it('the documented RBAC lets a workload list and watch its flag set ConfigMap by name', async () => {
    const rbac = yamlBlocks.find((y) => y.includes('kind: Role\n'));
    expect(rbac).toBeDefined();
    await kc.run(['apply', '-n', ns, '-f', '-'], rbac);
    await kc.run([
      'create',
      'configmap',
      'fledge-flags-default',
      '-n',
      ns,
      '--from-literal=flags.json={"flags":{}}',
    ]);
    const as = ['--as', `system:serviceaccount:${ns}:checkout`];
    const byName = ['--field-selector', 'metadata.name=fledge-flags-default'];
    const list = await kc.try(['get', 'configmaps', '-n', ns, ...byName, ...as, '-o', 'name']);
    expect(list.stderr).toBe('');
    expect(list.stdout.trim()).toBe('configmap/fledge-flags-default');
    const watch = await kc.try([
      'get',
      'configmaps',
      '-n',
      ns,
      ...byName,
      ...as,
      '--watch',
      '--request-timeout=2s',
    ]);
    expect(watch.stderr).not.toMatch(/forbidden/i);
    const other = await kc.try(['get', 'configmaps', '-n', ns, ...as]);
    expect(other.stderr).toMatch(/forbidden/i);
  });
});
