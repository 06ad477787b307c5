/**
 * The "Sugar → flagd" table of docs/flags.md says what each `when` compiles
 * to: every row with a concrete condition is compiled here and compared.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileFeatureFlag } from '../../../src/flags/compile.js';
import { boolVariants, featureFlag } from './support.js';

const page = readFileSync(new URL('../../../docs/flags.md', import.meta.url), 'utf8');
const table = page.slice(page.indexOf('### Sugar → flagd'), page.indexOf('### Shared segments'));
const rows = [...table.matchAll(/^\| `(\{ attribute[^`]*\})`[^|]*\| `([^`]*)`/gm)].map(
  (m) => [m[1] ?? '', m[2] ?? ''] as const,
);

describe('docs/flags.md sugar → flagd table', () => {
  it('has the rows this test checks', () => expect(rows.length).toBeGreaterThanOrEqual(12));

  it.each(rows)('%s → %s', (when, logic) => {
    const flag = featureFlag({
      spec: { ...boolVariants, rules: [{ name: 'r', when: parse(when) as unknown, variant: 'on' }] },
    });
    const r = compileFeatureFlag(flag);
    expect(r.ok ? [] : r.issues).toEqual([]);
    if (!r.ok) return;
    expect(r.compiled.flag.targeting).toEqual({ if: [JSON.parse(logic), 'on', null] });
  });
});
