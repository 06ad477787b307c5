/**
 * docs/cli.md against the CLI: every command has a section, and the example
 * outputs the page shows for the test fixtures are what the commands print.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagSubcommands } from '../../../src/cli/flags.js';
import { evaluateText, formatEval } from '../../../src/cli/flags-eval.js';
import { formatFinding, lintSources } from '../../../src/cli/lint-core.js';
import { commands } from '../../../src/cli/main.js';

const root = join(import.meta.dirname, '..', '..', '..');
const page = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
const fixtures = join(import.meta.dirname, 'fixtures');

/** The output shown under `$ COMMAND` in a ```text block. */
function shownOutput(commandLine: string): string {
  const start = page.indexOf(`$ ${commandLine}\n`);
  expect(start, `docs/cli.md shows "$ ${commandLine}"`).toBeGreaterThanOrEqual(0);
  const rest = page.slice(start + commandLine.length + 3);
  return rest.slice(0, rest.indexOf('```'));
}

describe('docs/cli.md', () => {
  it('has a section for every command', () => {
    const headings = page.split('\n').filter((l) => l.startsWith('### '));
    for (const name of Object.keys(commands).filter((c) => c !== 'run')) {
      expect(
        headings.some((h) => new RegExp(`\`fledge [^\`]*\\b${name}\\b`).test(h)),
        name,
      ).toBe(true);
    }
    for (const sub of Object.keys(flagSubcommands)) {
      expect(
        headings.some((h) => new RegExp(`\`fledge flags [^\`]*\\b${sub}\\b`).test(h)),
        `flags ${sub}`,
      ).toBe(true);
    }
  });

  // Through the same functions the commands print with; the fixtures are named as the page names them.
  it('shows what fledge lint prints for the fixtures', () => {
    const sources = ['good.yaml', 'bad.yaml'].map((file) => ({
      file,
      text: readFileSync(join(fixtures, file), 'utf8'),
    }));
    const printed = lintSources(sources)
      .findings.map((f) => `${formatFinding(f)}\n`)
      .join('');
    expect(shownOutput('fledge lint good.yaml bad.yaml')).toBe(printed);
  });

  it('shows what fledge flags eval prints for the fixture', () => {
    const text = readFileSync(join(fixtures, 'flags.json'), 'utf8');
    const printed = formatEval(evaluateText(text, 'new-checkout', { email: 'a@company.com' }, 'flags.json'));
    expect(
      shownOutput(`fledge flags eval new-checkout --file flags.json --context '{"email":"a@company.com"}'`),
    ).toBe(printed);
  });
});
